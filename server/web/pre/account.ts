import type { ReqRef, Request, ResponseToolkit, RouteOptionsPreObject } from '@hapi/hapi';

import { loadAccount, type Account } from '../pages/account';
import type { SocialProvider } from '../pages/providers';
import { sessionOf } from './session';


/** What a route with accountPre finds in `request.pre`. */
export interface AccountPres {
    Pres: { readonly account: Account };
}

// After the session guard: the user's account as `request.pre.account`. When the user is gone (deleted with a
// live session), the session ends and the browser starts again at sign-in.
export const accountPre = <Refs extends ReqRef>(providers: readonly SocialProvider[], returnTo: string): RouteOptionsPreObject<Refs> => ({
    assign: 'account',
    method: async (request: Request<Refs>, h: ResponseToolkit<Refs>) => {

        const session = sessionOf(request);
        const account = await loadAccount(session, providers);
        if (account) {
            return account;
        }

        await session.revokeSession();
        return h.redirect(`/auth?redirectToPath=${encodeURIComponent(returnTo)}`).takeover();
    }
});
