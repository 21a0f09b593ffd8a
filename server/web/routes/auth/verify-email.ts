import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import EmailVerification from 'supertokens-node/recipe/emailverification';

import { currentPath, optionalSession, safeRedirectPath } from '../../pre/session';
import { redirectToPath, tenantId, token, type AuthPageQuery } from './validation';


// GET /auth/verify-email: uses the link's token, or tells a signed-in user where verification stands.
export const verifyEmail: ServerRoute<{ Query: AuthPageQuery }> = {
    method: 'GET',
    path: '/auth/verify-email',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ token, tenantId, redirectToPath }).unknown(true)
        },
        handler: async (request, h) => {

            const continuePath = safeRedirectPath(request.query.redirectToPath);
            const context = { title: 'Verify your email', script: 'verify-email', continuePath };
            if (request.query.token) {
                return h.view('auth/verify-email', { ...context, hasToken: true });
            }

            const { session, expired } = await optionalSession(request, h);
            if (expired) {
                return h.redirect(`/auth/refresh?redirectToPath=${encodeURIComponent(currentPath(request))}`);
            }

            if (!session) {
                return h.view('auth/verify-email', { ...context, signInPath: `/auth?redirectToPath=${encodeURIComponent(currentPath(request))}` });
            }

            // Verified through a link opened elsewhere: bring this session's claim up to date, so that a page
            // that requires verification lets it through now rather than at the SDK's next re-check.
            const verified = await EmailVerification.isEmailVerified(session.getRecipeUserId());
            if (verified && session.getAccessTokenPayload()['st-ev']?.v !== true) {
                await session.fetchAndSetClaim(EmailVerification.EmailVerificationClaim);
            }

            return h.view('auth/verify-email', { ...context, signedIn: true, verified, unverified: !verified });
        }
    }
};
