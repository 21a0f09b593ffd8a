/*
 * What the admin routes share, bound to them by the plugin (`server.bind`), so a handler reads it from `h.context`.
 */

import type { ResponseToolkit } from '@hapi/hapi';

import type { CoreExtensions } from '../core-extensions';
import type { SocialProvider } from '../pages/providers';


export interface AdminContext {
    /** The core's /staffgate endpoints (audit, lockout, bans, session count); `available()` is false on an official core. */
    readonly extensions: CoreExtensions;
    /** The sign-in providers, to name a user's sign-in methods and to search by provider. */
    readonly providers: readonly SocialProvider[];
}

export const adminContext = (h: ResponseToolkit): AdminContext => h.context as AdminContext;
