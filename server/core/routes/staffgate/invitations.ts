import * as Boom from '@hapi/boom';

import { callerOf } from '../../transport/caller';
import { body, optionalString, optionalStringArray, requiredQuery, requiredString, type JsonObject } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: invitations (services/invitations.ts). Tokens travel in bodies, never in a URL.

const lifetimeHours = (input: JsonObject): number => {

    const value = input.lifetimeHours;
    if (typeof value !== 'number') {
        throw Boom.badRequest('Field name \'lifetimeHours\' is invalid in JSON input');
    }

    return value;
};

export const listInvitations: RouteFactory = ({ invitations }) => ({
    method: 'GET',
    path: '/staffgate/invitations',
    handler: () => invitations.list()
});

export const createInvitation: RouteFactory = ({ invitations }) => ({
    method: 'POST',
    path: '/staffgate/invitations',
    handler: (request) => {

        const input = body(request);
        return invitations.create(callerOf(request), {
            email: requiredString(input, 'email'),
            roles: optionalStringArray(input, 'roles') ?? [],
            lifetimeHours: lifetimeHours(input)
        });
    }
});

export const resendInvitation: RouteFactory = ({ invitations }) => ({
    method: 'POST',
    path: '/staffgate/invitations/resend',
    handler: (request) => {

        const input = body(request);
        return invitations.resend(callerOf(request), requiredString(input, 'invitationId'), lifetimeHours(input));
    }
});

export const revokeInvitation: RouteFactory = ({ invitations }) => ({
    method: 'POST',
    path: '/staffgate/invitations/revoke',
    handler: (request) => invitations.revoke(callerOf(request), requiredString(body(request), 'invitationId'))
});

export const checkInvitation: RouteFactory = ({ invitations }) => ({
    method: 'POST',
    path: '/staffgate/invitations/check',
    handler: (request) => invitations.check(requiredString(body(request), 'token'))
});

// By the link's token, or (a sign-up that did not come through the link) by the id pendingInvitation answered.
export const acceptInvitation: RouteFactory = ({ invitations }) => ({
    method: 'POST',
    path: '/staffgate/invitations/accept',
    handler: (request) => {

        const input = body(request);
        const invitationId = optionalString(input, 'invitationId');
        return invitationId === undefined ?
            invitations.accept(callerOf(request), requiredString(input, 'token'), requiredString(input, 'userId')) :
            invitations.acceptById(callerOf(request), invitationId, requiredString(input, 'userId'));
    }
});

export const pendingInvitation: RouteFactory = ({ invitations }) => ({
    method: 'GET',
    path: '/staffgate/invitations/pending',
    handler: (request) => invitations.pendingFor(requiredQuery(request, 'email'))
});
