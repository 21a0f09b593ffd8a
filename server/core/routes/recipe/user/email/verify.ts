import * as Boom from '@hapi/boom';

import { publicTenant } from '../../../../services';
import { callerOf } from '../../../../transport/caller';
import { body, requiredQuery, requiredString } from '../../../../transport/input';
import type { RouteFactory } from '../../../route';


export const createVerificationToken: RouteFactory = ({ emailVerification }) => ({
    method: 'POST',
    path: '/recipe/user/email/verify/token',
    handler: (request) => {

        const input = body(request);
        return emailVerification.createToken(publicTenant, requiredString(input, 'userId'), requiredString(input, 'email'));
    }
});

export const verifyEmail: RouteFactory = ({ emailVerification }) => ({
    method: 'POST',
    path: '/recipe/user/email/verify',
    handler: (request) => {

        const input = body(request);
        if (requiredString(input, 'method') !== 'token') {
            throw Boom.badRequest('Unsupported method for email verification');
        }

        return emailVerification.verify(callerOf(request), publicTenant, requiredString(input, 'token'));
    }
});

export const isEmailVerified: RouteFactory = ({ emailVerification }) => ({
    method: 'GET',
    path: '/recipe/user/email/verify',
    handler: (request) => emailVerification.isVerified(requiredQuery(request, 'userId'), requiredQuery(request, 'email'))
});

export const unverifyEmail: RouteFactory = ({ emailVerification }) => ({
    method: 'POST',
    path: '/recipe/user/email/verify/remove',
    handler: (request) => {

        const input = body(request);
        return emailVerification.unverify(callerOf(request), requiredString(input, 'userId'), requiredString(input, 'email'));
    }
});

export const revokeVerificationTokens: RouteFactory = ({ emailVerification }) => ({
    method: 'POST',
    path: '/recipe/user/email/verify/token/remove',
    handler: (request) => {

        const input = body(request);
        return emailVerification.revokeTokens(publicTenant, requiredString(input, 'userId'), requiredString(input, 'email'));
    }
});
