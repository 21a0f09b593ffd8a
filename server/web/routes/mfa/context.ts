/*
 * What the two-factor pages share: their session guard (the first factor is enough; the MFA claim is what they
 * satisfy), who may enrol a device, the outcome of a code check as a message, and the dependencies they are given.
 */

import type { ReqRef } from '@hapi/hapi';
import { MultiFactorAuthClaim } from 'supertokens-node/recipe/multifactorauth';
import type { SessionContainer } from 'supertokens-node/recipe/session';

import { hasCompletedTotp } from '../../auth/mfa';
import type { FactorNotifier } from '../../auth/factor-notices';
import type { CoreExtensions } from '../../core-extensions';
import { hasVerifiedDevice } from '../../pre/second-factor';
import { pageSession } from '../../pre/session';


export interface MfaRouteDeps {
    readonly extensions: CoreExtensions;
    readonly notify: FactorNotifier;
}

/** The session guard of the two-factor pages: checked against the core, every claim but the MFA one. */
export const firstFactorSession = <Refs extends ReqRef>(returnTo?: string) => {

    return pageSession<Refs>({
        checkDatabase: true,
        overrideGlobalClaimValidators: (validators) => validators.filter((validator) => validator.id !== MultiFactorAuthClaim.key)
    }, returnTo ? { returnTo } : {});
};

/*
 * A device may be added by a user who has none yet, or by one who completed TOTP in this session: someone holding
 * only the password must not add their own authenticator to an account that has one.
 */
export const mayEnrol = async (session: SessionContainer): Promise<boolean> => hasCompletedTotp(session) || !await hasVerifiedDevice(session.getUserId());

/** What the core says about a refused code (the SDK's TOTP answers). */
export interface RefusedCode {
    readonly status: string;
    readonly currentNumberOfFailedAttempts?: number;
    readonly maxNumberOfFailedAttempts?: number;
    readonly retryAfterMs?: number;
}

/** The message for a refused code. */
export const codeError = (result: RefusedCode): string => {

    switch (result.status) {
        case 'INVALID_TOTP_ERROR':
            return `That code is not right (${result.currentNumberOfFailedAttempts} of ${result.maxNumberOfFailedAttempts} attempts). Enter the code your app shows now.`;
        case 'LIMIT_REACHED_ERROR':
            return `Too many wrong codes. Try again in ${Math.max(1, Math.ceil((result.retryAfterMs ?? 0) / 60_000))} minutes.`;
        default:
            return 'No authenticator is set up for this account.';
    }
};

/** A TOTP code as typed: digits, spaces allowed. */
export const cleanCode = (code: string): string => code.replace(/\s+/g, '');
