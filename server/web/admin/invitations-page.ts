/* The invitations page: the invite form (addresses, roles), the last form's results, and every invitation. */

import type { ReqRef, ResponseObject } from '@hapi/hapi';
import UserRoles from 'supertokens-node/recipe/userroles';

import type { InvitationView } from '../core-extensions';
import { describeTime } from '../pages/dates';
import { userPath } from './paths';
import { adminContext, type AdminRequest, type AdminToolkit } from './context';
import { errorFlash, adminView, type FormState } from './views';


/** One pasted address and what happened to it. */
export interface InviteResult {
    readonly email: string;
    readonly outcome: 'invited' | 'resent' | 'has-account' | 'invalid' | 'unknown-role';
    readonly message: string;
}

const stateLabels: Record<InvitationView['state'], string> = { pending: 'Pending', accepted: 'Accepted', expired: 'Expired', revoked: 'Revoked' };

export const invitationsPage = async <Refs extends ReqRef>(request: AdminRequest<Refs>, h: AdminToolkit<Refs>, state: FormState & { results?: readonly InviteResult[]; chosenRoles?: readonly string[] } = {}): Promise<ResponseObject> => {

    const { extensions } = adminContext(request);
    if (!await extensions.available()) {
        return adminView(request, h, 'invitations', { title: 'Invitations', section: 'invitations', unavailable: true, flash: errorFlash('NEEDS_STAFFGATE_CORE') }).code(501);
    }

    const [invitations, { roles }] = await Promise.all([extensions.listInvitations(), UserRoles.getAllRoles()]);
    const chosen = new Set(state.chosenRoles ?? []);
    return adminView(request, h, 'invitations', {
        title: 'Invitations',
        section: 'invitations',
        invitations: invitations.map((invitation) => ({
            ...invitation,
            stateLabel: stateLabels[invitation.state],
            sent: describeTime(invitation.sentAt),
            expires: describeTime(invitation.expiresAt),
            accepted: invitation.acceptedAt === undefined ? undefined : describeTime(invitation.acceptedAt),
            acceptedUserPath: invitation.acceptedUserId === undefined ? undefined : userPath(invitation.acceptedUserId),
            isPending: invitation.state === 'pending',
            canResend: invitation.state === 'pending' || invitation.state === 'expired'
        })),
        roles: [...roles].sort().map((name) => ({ name, checked: chosen.has(name) })),
        results: state.results,
        errors: state.errors ?? {},
        values: { emails: '', ...state.values },
        ...(state.flash ? { flash: state.flash } : {})
    });
};
