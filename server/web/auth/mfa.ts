/*
 * Two-factor sign-in: the SDK's MultiFactorAuth and TOTP recipes, with the requirement decided here (the core's
 * tenant has no `requiredSecondaryFactors`). The `MFA` setting says who must complete TOTP after the first factor:
 *
 *   off     nobody, except users who have set up a device (they are always asked for it)
 *   admins  holders of `admin` or `viewer`, and users with a device (the default)
 *   all     everyone
 *
 * The requirement is computed when the session is made and whenever a factor is completed; the admin guard does
 * not rely on it (a role granted after sign-in would not show): it reads the completed factors itself (admin/pre.ts).
 * Account linking is initialised with automatic linking off: without it the MFA recipe's first-factor sign-in
 * answers 500 while a session is live.
 */

import AccountLinking from 'supertokens-node/recipe/accountlinking';
import MultiFactorAuth, { MultiFactorAuthClaim } from 'supertokens-node/recipe/multifactorauth';
import type { SessionContainer } from 'supertokens-node/recipe/session';
import Totp from 'supertokens-node/recipe/totp';
import type { APIInterface as TotpApis } from 'supertokens-node/recipe/totp/types';
import UserRoles from 'supertokens-node/recipe/userroles';

import { withTotpEvents, type AuthEventRecorder } from './auth-events';
import type { FactorNotifier } from './factor-notices';
import { extend } from './override';
import { adminRole, viewerRole } from './roles';


export type MfaPolicy = 'off' | 'admins' | 'all';

/** The SDK's factor id of authenticator-app codes. */
export const totpFactor = 'totp';

/** Whether the user must complete TOTP after the first factor. */
export const secondFactorRequired = async (policy: MfaPolicy, tenantId: string, userId: string, factorsSetUp: readonly string[]): Promise<boolean> => {

    if (policy === 'all' || factorsSetUp.includes(totpFactor)) {
        return true;
    }

    if (policy === 'off') {
        return false;
    }

    const { roles } = await UserRoles.getRolesForUser(tenantId, userId);
    return roles.includes(adminRole) || roles.includes(viewerRole);
};

/** Whether this session has completed TOTP (the MFA claim in its access token). */
export const hasCompletedTotp = (session: SessionContainer): boolean => {

    const value = MultiFactorAuthClaim.getValueFromPayload(session.getAccessTokenPayload());
    return typeof value?.c?.[totpFactor] === 'number';
};

/** The SDK's own TOTP API (for page scripts): a device verified or removed there is mailed as on our pages. */
const withDeviceNotices = (original: TotpApis, notify: FactorNotifier): TotpApis => {

    return extend(original, {
        verifyDevicePOST: original.verifyDevicePOST && (async (input) => {

            const result = await original.verifyDevicePOST!(input);
            if (result.status === 'OK' && !result.wasAlreadyVerified) {
                await notify(input.session.getUserId(), { kind: 'device_added', deviceName: input.deviceName });
            }

            return result;
        }),
        removeDevicePOST: original.removeDevicePOST && (async (input) => {

            const result = await original.removeDevicePOST!(input);
            if (result.status === 'OK' && result.didDeviceExist) {
                await notify(input.session.getUserId(), { kind: 'device_removed', deviceName: input.deviceName });
            }

            return result;
        })
    });
};

/** The recipes to add to supertokens.init. */
export const mfaRecipes = (policy: MfaPolicy, notify: FactorNotifier, events: AuthEventRecorder) => [
    AccountLinking.init({ shouldDoAutomaticAccountLinking: async () => ({ shouldAutomaticallyLink: false }) }),
    MultiFactorAuth.init({
        override: {
            functions: (original) => {

                return extend(original, {
                    getMFARequirementsForAuth: async (input) => {

                        const user = await input.user;
                        return await secondFactorRequired(policy, input.tenantId, user.id, await input.factorsSetUpForUser) ? [totpFactor] : [];
                    }
                });
            }
        }
    }),
    Totp.init({
        issuer: 'Staffgate',
        defaultPeriod: 30,
        defaultSkew: 1,
        override: { functions: (original) => withTotpEvents(original, events), apis: (original) => withDeviceNotices(original, notify) }
    })
];
