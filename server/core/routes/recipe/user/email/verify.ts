import * as Boom from '@hapi/boom';

import { recordAudit } from '../../../../audit';
import { publicTenant } from '../../../../services';
import { normaliseEmail } from '../../../../services/users';
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

export const verifyEmail: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/email/verify',
    handler: async (request) => {

        const input = body(request);
        if (requiredString(input, 'method') !== 'token') {
            throw Boom.badRequest('Unsupported method for email verification');
        }

        const result = await services.emailVerification.verify(publicTenant, requiredString(input, 'token'));
        if (result.status === 'OK') {
            await recordAudit(request, services, 'email_verified', result.userId, { email: result.email });
        }

        return result;
    }
});

export const isEmailVerified: RouteFactory = ({ emailVerification }) => ({
    method: 'GET',
    path: '/recipe/user/email/verify',
    handler: (request) => emailVerification.isVerified(requiredQuery(request, 'userId'), requiredQuery(request, 'email'))
});

export const unverifyEmail: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/email/verify/remove',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const email = requiredString(input, 'email');
        const result = await services.emailVerification.unverify(userId, email);
        await recordAudit(request, services, 'email_unverified', userId, { email: normaliseEmail(email) });
        return result;
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
