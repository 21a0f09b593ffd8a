/*
 * The display name people choose on their dashboard: kept in the user's metadata (`displayName`), shown in the nav
 * of every signed-in page and on the admin's page about the user. The nav reads it when a signed-in page is rendered
 * (one metadata read), so a change shows everywhere at once.
 */

import type { Plugin } from '@hapi/hapi';
import Joi from 'joi';
import UserMetadata from 'supertokens-node/recipe/usermetadata';


export const displayNameKey = 'displayName';

/** Up to 80 printable characters, spaces trimmed; empty removes it. */
export const displayNameSchema = Joi.string().trim().allow('').max(80).pattern(/^[^\u0000-\u001f\u007f]*$/);

/** The display name kept in a metadata object, if any. */
export const displayNameOf = (metadata: unknown): string | undefined => {

    const value: unknown = (metadata as Record<string, unknown> | null | undefined)?.[displayNameKey];
    return typeof value === 'string' && value !== '' ? value : undefined;
};

export const readDisplayName = async (userId: string): Promise<string | undefined> => displayNameOf((await UserMetadata.getUserMetadata(userId)).metadata);

/** Sets (or, when empty, removes) the display name; other metadata stays. */
export const saveDisplayName = async (userId: string, name: string): Promise<void> => {

    await UserMetadata.updateUserMetadata(userId, { [displayNameKey]: name === '' ? null : name });
};

/** Adds `displayName` to the context of every signed-in page's view, for the nav. */
export const displayNameInNav: Plugin<void> = {
    name: 'staffgate/display-name',
    dependencies: ['@hapi/vision'],
    register: (server) => {

        server.ext('onPreResponse', async (request, h) => {

            const response = request.response;
            if ('isBoom' in response || (response.variety as string) !== 'view' || !request.session) {
                return h.continue;
            }

            const source = response.source as { context?: Record<string, unknown> };
            if (source.context?.signedIn && source.context.displayName === undefined) {
                source.context.displayName = await readDisplayName(request.session.getUserId());
            }

            return h.continue;
        });
    }
};
