/* The two-factor pages: the challenge (/auth/mfa) and enrolment (/auth/mfa/setup). */

import type { Server } from '@hapi/hapi';

import { showChallenge, submitChallenge } from './challenge';
import type { MfaRouteDeps } from './context';
import { confirmSetup, showSetup } from './setup';


export const registerMfaRoutes = (server: Server, deps: MfaRouteDeps): void => {

    server.route(showChallenge);
    server.route(submitChallenge(deps));
    server.route(showSetup);
    server.route(confirmSetup(deps));
};
