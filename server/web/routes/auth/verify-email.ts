import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';

import { verificationSentAt } from '../../auth/verification-sent';
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
            const { session, expired } = await optionalSession(request, h);
            if (request.query.token) {
                // A link opened again by someone already verified (signed in here): say so, without using the token.
                if (session && await EmailVerification.isEmailVerified(session.getRecipeUserId())) {
                    return h.view('auth/verify-email', { ...context, signedIn: true, verified: true });
                }

                return h.view('auth/verify-email', { ...context, hasToken: true });
            }

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

            // "We sent a link" only when one was (at sign-up, or with the button): verification-sent.ts.
            const sentAt = verified ? undefined : await verificationSentAt(session);
            const email = (await SuperTokens.getUser(session.getUserId()))?.loginMethods.find((method) => method.recipeUserId.getAsString() === session.getRecipeUserId().getAsString())?.email;
            return h.view('auth/verify-email', { ...context, signedIn: true, verified, unverified: !verified, linkSent: sentAt !== undefined, email });
        }
    }
};
