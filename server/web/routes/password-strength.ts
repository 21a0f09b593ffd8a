/*
 * POST /api/password-strength {password, email?} → {score, problem}: the password policy's verdict, for the meter
 * the pages show while a new password is typed (public/js/password-strength.js). The same check as the one that
 * decides (auth/password-policy.ts), so the meter never says yes to a password that is then refused. Nothing is
 * stored or logged; no crumb (it changes nothing), the Origin check still applies.
 */

import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { maxPasswordLength, passwordStrength } from '../auth/password-policy';


interface StrengthPayload {
    readonly password: string;
    readonly email?: string;
}

export const passwordStrengthRoute: ServerRoute<{ Payload: StrengthPayload }> = {
    method: 'POST',
    path: '/api/password-strength',
    options: {
        plugins: { crumb: false },
        validate: {
            payload: Joi.object({
                password: Joi.string().allow('').max(maxPasswordLength * 4).required(),
                email: Joi.string().allow('').max(320)
            })
        },
        handler: (request) => {

            const { password, email } = request.payload;
            const { score, problem } = passwordStrength(password, email || undefined);
            return { score, problem: problem ?? null };
        }
    }
};
