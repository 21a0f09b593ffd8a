/*
 * Enrolment, /auth/mfa/setup: the core makes a device (unverified, its secret shown only now) and the page shows
 * its QR code (an SVG made here), the otpauth:// link and the secret as text; the first code verifies the device,
 * completes TOTP in this session, and the first device also gets the ten recovery codes, shown once.
 *
 * A wrong code shows the same device again: the form carries its otpauth link (what the page already showed the
 * user); the core decides whether the code is right for the device it stored.
 */

import * as Boom from '@hapi/boom';
import type { ResponseToolkit, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import MultiFactorAuth from 'supertokens-node/recipe/multifactorauth';
import Totp from 'supertokens-node/recipe/totp';

import { actorContext, auditContext } from '../../auth/audit-context';
import { totpFactor } from '../../auth/mfa';
import { qrSvg } from '../../pages/qr-svg';
import { mfaPath, mfaSetupPath } from '../../pre/second-factor';
import { safeRedirectPath, sessionOf } from '../../pre/session';
import { cleanCode, codeError, firstFactorSession, mayEnrol, type MfaRouteDeps } from './context';


interface Enrolment {
    readonly deviceName: string;
    readonly otpauth: string;
    readonly redirectToPath: string;
}

const setupView = (h: Pick<ResponseToolkit, 'view'>, enrolment: Enrolment, error?: string) => {

    return h.view('auth/mfa-setup', {
        title: 'Set up two-factor sign-in',
        script: 'mfa',
        signedIn: true,
        ...enrolment,
        secret: new URL(enrolment.otpauth).searchParams.get('secret') ?? '',
        qr: qrSvg(enrolment.otpauth),
        errors: error ? { code: error } : {}
    });
};

const deviceName = Joi.string().trim().min(1).max(64);

type SetupQuery = { readonly redirectToPath?: string; readonly deviceName?: string };

// GET /auth/mfa/setup: a new (unverified) device and its secret.
export const showSetup: ServerRoute<{ Query: SetupQuery }> = {
    method: 'GET',
    path: mfaSetupPath,
    options: {
        pre: [{ method: firstFactorSession() }],
        plugins: { crumb: true },
        validate: { query: Joi.object({ redirectToPath: Joi.string().allow(''), deviceName }).unknown(true) },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const redirectToPath = safeRedirectPath(request.query.redirectToPath);
            if (!await mayEnrol(session)) {
                return h.redirect(`${mfaPath}?redirectToPath=${encodeURIComponent(`${mfaSetupPath}?redirectToPath=${encodeURIComponent(redirectToPath)}`)}`);
            }

            const created = await Totp.createDevice(session.getUserId(), undefined, request.query.deviceName, undefined, undefined, auditContext(request));
            if (created.status === 'DEVICE_ALREADY_EXISTS_ERROR') {
                throw Boom.badRequest('You already have an authenticator of that name');
            }

            if (created.status !== 'OK') {
                throw Boom.internal(`Could not create a TOTP device: ${created.status}`);
            }

            return setupView(h, { deviceName: created.deviceName, otpauth: created.qrCodeString, redirectToPath });
        }
    }
};

type SetupPayload = Enrolment & { readonly code: string };

// POST /auth/mfa/setup: the first code verifies the device.
export const confirmSetup = (deps: MfaRouteDeps): ServerRoute<{ Payload: SetupPayload }> => ({
    method: 'POST',
    path: mfaSetupPath,
    options: {
        pre: [{ method: firstFactorSession(mfaSetupPath) }],
        validate: {
            payload: Joi.object({
                deviceName: deviceName.required(),
                otpauth: Joi.string().max(2048).pattern(/^otpauth:\/\/totp\/[^\s]*\?(.*&)?secret=[A-Z2-7]+/).required(),
                code: Joi.string().allow('').max(32).default(''),
                redirectToPath: Joi.string().allow('').max(2048).default('')
            }).unknown(true)
        },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const userId = session.getUserId();
            const enrolment = { ...request.payload, redirectToPath: safeRedirectPath(request.payload.redirectToPath) };
            if (!await mayEnrol(session)) {
                throw Boom.forbidden('Complete two-factor sign-in before adding an authenticator');
            }

            const code = cleanCode(request.payload.code);
            if (!/^\d{6,8}$/.test(code)) {
                return setupView(h, enrolment, 'Enter the 6-digit code your authenticator app shows.').code(400);
            }

            const result = await Totp.verifyDevice(session.getTenantId(), userId, enrolment.deviceName, code, auditContext(request));
            if (result.status !== 'OK') {
                if (result.status === 'UNKNOWN_DEVICE_ERROR') {
                    return h.redirect(`${mfaSetupPath}?redirectToPath=${encodeURIComponent(enrolment.redirectToPath)}`);
                }

                return setupView(h, enrolment, codeError(result)).code(result.status === 'LIMIT_REACHED_ERROR' ? 429 : 400);
            }

            await MultiFactorAuth.markFactorAsCompleteInSession(session, totpFactor);
            if (!result.wasAlreadyVerified) {
                await deps.notify(userId, { kind: 'device_added', deviceName: enrolment.deviceName });
            }

            // The first device comes with recovery codes; a further one keeps the set the user has.
            const existing = await deps.extensions.recoveryCodes(userId);
            const codes = existing.remaining === 0 ? await deps.extensions.makeRecoveryCodes(userId, actorContext(request, userId)) : undefined;
            return h.view('auth/mfa-done', {
                title: 'Two-factor sign-in is set up',
                script: 'mfa',
                signedIn: true,
                deviceName: enrolment.deviceName,
                codes,
                continueTo: enrolment.redirectToPath
            });
        }
    }
});
