/*
 * SIGN_IN_METHODS: a method that is not listed has no button (pages/providers.ts) and its API refuses.
 *
 * - Third-party providers that are not listed are not given to the SDK (providers.ts), so the SDK answers their
 *   APIs with "provider not found" (400).
 * - Without `password`, the EmailPassword API (sign-in, sign-up, password reset) answers a GENERAL_ERROR saying so.
 * - `link` (an email sign-in link) is accepted by the setting; it has no button and no API until that flow exists.
 *
 * GET /auth/loginmethods lists exactly the methods on offer. Each provider is made on its own: the SDK's own answer
 * fetches every provider's discovery document in one go and turns one unreachable issuer into a 500 for everyone,
 * so a provider whose discovery fails is left out of the list (and logged) instead.
 */

import type { APIInterface as EmailPasswordApis } from 'supertokens-node/recipe/emailpassword/types';
import type { APIInterface as MultitenancyApis } from 'supertokens-node/recipe/multitenancy/types';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import type { SignInMethod } from '../../config';
import type { Logger } from '../../observability/logger';
import { extend } from './override';


export const passwordOffMessage = 'Password sign-in is turned off here: use one of the other sign-in buttons, or ask your administrator.';

const refused = async () => ({ status: 'GENERAL_ERROR' as const, message: passwordOffMessage });

export const withPasswordMethod = (original: EmailPasswordApis, methods: readonly SignInMethod[]): EmailPasswordApis => {

    if (methods.includes('password')) {
        return original;
    }

    return extend(original, {
        signInPOST: refused,
        signUpPOST: refused,
        generatePasswordResetTokenPOST: refused,
        passwordResetPOST: refused
    });
};

export const withLoginMethods = (original: MultitenancyApis, methods: readonly SignInMethod[], providerIds: readonly string[], logger: Pick<Logger, 'warn'>): MultitenancyApis => {

    return extend(original, {
        loginMethodsGET: async ({ tenantId, clientType, userContext }) => {

            const providers: { id: string; name?: string }[] = [];
            for (const id of providerIds) {
                try {
                    const provider = await ThirdParty.getProvider(tenantId, id, clientType, userContext);
                    if (provider) {
                        providers.push({ id: provider.id, name: provider.config.name });
                    }
                }
                catch (err) {
                    logger.warn({ err, provider: id }, `sign-in provider ${id} left out of /auth/loginmethods`);
                }
            }

            const password = methods.includes('password');
            return {
                status: 'OK',
                emailPassword: { enabled: password },
                thirdParty: { enabled: providerIds.length > 0, providers },
                passwordless: { enabled: false },
                firstFactors: [...(password ? ['emailpassword'] : []), ...(providerIds.length > 0 ? ['thirdparty'] : [])]
            };
        }
    });
};
