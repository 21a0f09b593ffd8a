/* What the invitation pages share: the core's extension client, the providers offered, the lifetime. */

import type { ReqRef, Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';

import { passwordOffMessage } from '../auth/sign-in-methods';
import type { CoreExtensions, InvitationProblem, InvitationView } from '../core-extensions';
import type { FieldErrors } from '../pages/forms';
import type { SocialProvider } from '../pages/providers';


export interface InvitePageContext {
    readonly extensions: CoreExtensions;
    readonly providers: readonly SocialProvider[];
    /** SIGN_IN_METHODS lists `password`: the page offers it and accepts it. */
    readonly password: boolean;
}

export type InviteRoute<Refs extends ReqRef = {}> = ServerRoute<{ Bind: InvitePageContext } & Refs>;
export type InviteRequest<Refs extends ReqRef = {}> = Request<{ Bind: InvitePageContext } & Refs>;

/** What the invitee is told when a link cannot be used; no form goes with it. */
export const problemMessages: Record<InvitationProblem, string> = {
    INVALID_TOKEN_ERROR: 'This invitation link is not valid. If you were sent a newer invitation, use the link in that email; otherwise ask your administrator to invite you again.',
    EXPIRED_ERROR: 'This invitation has expired. Ask your administrator to send you a new one.',
    REVOKED_ERROR: 'This invitation has been withdrawn. Ask your administrator if you still need an account.',
    ALREADY_ACCEPTED_ERROR: 'This invitation has already been used. Sign in with the account it created.'
};

export interface InviteViewState {
    readonly errors?: FieldErrors;
    readonly problem?: InvitationProblem;
    /** A message about the whole page (a refusal) instead of the form's. */
    readonly message?: string;
}

/** The invitation page: the form for a usable invitation, else the reason it cannot be used. */
export const inviteView = (h: Pick<ResponseToolkit, 'view'>, context: InvitePageContext, token: string, invitation: InvitationView | undefined, state: InviteViewState = {}) => {

    return h.view('auth/invite', {
        title: invitation ? 'Accept your invitation' : 'Invitation',
        script: invitation ? 'invite' : undefined,
        token,
        invitation,
        providers: context.providers,
        password: context.password,
        passwordOff: context.password ? undefined : passwordOffMessage,
        problem: state.problem ? problemMessages[state.problem] : undefined,
        message: state.message,
        errors: state.errors ?? {}
    });
};
