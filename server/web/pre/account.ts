import type { RouteOptionsPreObject } from '@hapi/hapi';

import { loadAccount } from '../pages/account';
import type { SocialProvider } from '../pages/providers';
import { sessionOf } from './session';


// After the session guard: the user's account as `request.pre.account`. When the user is gone (deleted with a
// live session), the session ends and the browser starts again at sign-in.
export const accountPre = (providers: readonly SocialProvider[], returnTo: string): RouteOptionsPreObject => ({
    assign: 'account',
    method: async (request, h) => {

        const session = sessionOf(request);
        const account = await loadAccount(session, providers);
        if (account) {
            return account;
        }

        await session.revokeSession();
        return h.redirect(`/auth?redirectToPath=${encodeURIComponent(returnTo)}`).takeover();
    }
});
