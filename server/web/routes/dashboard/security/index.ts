/* /dashboard/security: the user's own second factor. Our own forms: crumb and the Origin check apply. */

import type { Server } from '@hapi/hapi';

import type { MfaRouteDeps } from '../../mfa/context';
import { regenerateRecoveryCodes } from './recovery-codes';
import { removeDevice } from './remove-device';
import { renameDevice } from './rename-device';
import { showSecurity } from './show';


export const registerSecurityRoutes = (server: Server, { extensions, notify }: MfaRouteDeps): void => {

    server.route(showSecurity(extensions));
    server.route(renameDevice(extensions));
    server.route(removeDevice(extensions, notify));
    server.route(regenerateRecoveryCodes(extensions, notify));
};
