/*
 * The challenge after the first factor, /auth/mfa: a code from the authenticator app, or one recovery code.
 * Either completes the TOTP factor in this session (the MFA claim); a recovery code is also mailed to the user
 * (the core audits it). Our own form: crumb and the Origin check apply to the POST.
 */

import type { ResponseToolkit, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import MultiFactorAuth from 'supertokens-node/recipe/multifactorauth';
import Totp from 'supertokens-node/recipe/totp';

import { actorContext, auditContext } from '../../auth/audit-context';
import { hasCompletedTotp, totpFactor } from '../../auth/mfa';
import { hasVerifiedDevice, mfaPath, mfaSetupPath } from '../../pre/second-factor';
import { safeRedirectPath, sessionOf } from '../../pre/session';
import { cleanCode, codeError, firstFactorSession, type MfaRouteDeps } from './context';


interface ChallengeView {
    readonly redirectToPath: string;
    readonly errors?: { code?: string; recoveryCode?: string };
}

const challengeView = (h: Pick<ResponseToolkit, 'view'>, context: ChallengeView) => {

    return h.view('auth/mfa', {
        title: 'Two-factor sign-in',
        script: 'mfa',
        signedIn: true,
        redirectToPath: context.redirectToPath,
        errors: context.errors ?? {}
    });
};

type ChallengeQuery = { readonly redirectToPath?: string };

// GET /auth/mfa: the challenge; enrolment instead when the user has no device yet.
export const showChallenge: ServerRoute<{ Query: ChallengeQuery }> = {
    method: 'GET',
    path: mfaPath,
    options: {
        pre: [{ method: firstFactorSession() }],
        plugins: { crumb: true },
        validate: { query: Joi.object({ redirectToPath: Joi.string().allow('') }).unknown(true) },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const redirectToPath = safeRedirectPath(request.query.redirectToPath);
            if (hasCompletedTotp(session)) {
                return h.redirect(redirectToPath);
            }

            if (!await hasVerifiedDevice(session.getUserId())) {
                return h.redirect(`${mfaSetupPath}?redirectToPath=${encodeURIComponent(redirectToPath)}`);
            }

            return challengeView(h, { redirectToPath });
        }
    }
};

type ChallengePayload = { readonly code: string; readonly recoveryCode: string; readonly redirectToPath: string };

// POST /auth/mfa: checks the code (or the recovery code) and goes on to the page asked for.
export const submitChallenge = (deps: MfaRouteDeps): ServerRoute<{ Payload: ChallengePayload }> => ({
    method: 'POST',
    path: mfaPath,
    options: {
        pre: [{ method: firstFactorSession(mfaPath) }],
        validate: {
            payload: Joi.object({
                code: Joi.string().allow('').max(32).default(''),
                recoveryCode: Joi.string().allow('').max(64).default(''),
                redirectToPath: Joi.string().allow('').max(2048).default('')
            }).unknown(true)
        },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const userId = session.getUserId();
            const redirectToPath = safeRedirectPath(request.payload.redirectToPath);
            const code = cleanCode(request.payload.code);
            const recoveryCode = request.payload.recoveryCode.trim();

            if (recoveryCode) {
                const remaining = await deps.extensions.spendRecoveryCode(userId, recoveryCode, actorContext(request, userId));
                if (remaining === undefined) {
                    request.server.app.authEvents?.twoFactorFailure('recovery_code', userId, 'INVALID_RECOVERY_CODE_ERROR');
                    return challengeView(h, { redirectToPath, errors: { recoveryCode: 'That recovery code is not valid, or was already used.' } }).code(400);
                }

                await MultiFactorAuth.markFactorAsCompleteInSession(session, totpFactor);
                await deps.notify(userId, { kind: 'recovery_code_used', remaining });
                return h.redirect(redirectToPath);
            }

            if (!/^\d{6,8}$/.test(code)) {
                return challengeView(h, { redirectToPath, errors: { code: 'Enter the 6-digit code your authenticator app shows.' } }).code(400);
            }

            const result = await Totp.verifyTOTP(session.getTenantId(), userId, code, auditContext(request));
            if (result.status !== 'OK') {
                return challengeView(h, { redirectToPath, errors: { code: codeError(result) } }).code(result.status === 'LIMIT_REACHED_ERROR' ? 429 : 400);
            }

            await MultiFactorAuth.markFactorAsCompleteInSession(session, totpFactor);
            return h.redirect(redirectToPath);
        }
    }
});
