/*
 * supertokens.init for the web app, as SuperTokens' backend setup guide lays it out: framework hapi, the core's URI
 * and API key, appInfo with `/auth` for both the API and the pages, telemetry off, and the six recipes.
 * Behaviour that differs from the SDK's defaults lives in the modules next to this file, one per concern, each
 * with its own test (test/web/auth/):
 *
 *   mail.ts                  reset and verification emails: SMTP, or the dev outbox (never supertokens.io)
 *   anti-enumeration.ts      no email-exists API, a sign-up conflict that does not say "exists", owner notice
 *   sessions-after-reset.ts  a password reset revokes all of the user's sessions
 *   oauth-state.ts           the OAuth state bound to the browser with a cookie; provider failures → GENERAL_ERROR
 *   admin-emails.ts          ADMIN_EMAILS get the admin role before their session is made
 *   audit-context.ts         the end user's IP and user agent on every core call, for the audit trail
 *   session-context.ts       each session's sign-in IP and user agent, and its last refresh, in its session data
 *   remember-me.ts           "Keep me signed in on this device": the session data key the core reads
 *   password-policy.ts, providers.ts
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import type { WebSettings } from '../../config';
import { withAdminEmailsForEmailPassword, withAdminEmailsForThirdParty } from './admin-emails';
import { ownerNotifier, withoutEnumeration } from './anti-enumeration';
import { auditHeaders } from './audit-context';
import { createMailDelivery } from './mail';
import { withOAuthState } from './oauth-state';
import { apiBasePath, websiteBasePath } from './paths';
import { validatePassword } from './password-policy';
import { providers } from './providers';
import { withSessionContext } from './session-context';
import { withSessionsRevokedAfterReset } from './sessions-after-reset';


export interface CoreConnection {
    /** One or more core URIs separated by `;`. */
    readonly uri: string;
    readonly apiKey: string | undefined;
}

export const initSupertokens = (web: WebSettings, core: CoreConnection): void => {

    const mail = createMailDelivery(web);
    const notifyOwner = ownerNotifier({ send: mail.send, websiteDomain: web.websiteDomain });

    SuperTokens.init({
        framework: 'hapi',
        supertokens: {
            connectionURI: core.uri,
            apiKey: core.apiKey,
            networkInterceptor: auditHeaders
        },
        appInfo: {
            appName: 'Staffgate',
            apiDomain: web.apiDomain,
            websiteDomain: web.websiteDomain,
            apiBasePath,
            websiteBasePath
        },
        telemetry: false,
        recipeList: [
            EmailPassword.init({
                signUpFeature: { formFields: [{ id: 'password', validate: validatePassword }] },
                emailDelivery: mail.passwordReset,
                override: {
                    functions: (original) => withAdminEmailsForEmailPassword(original, web.adminEmails),
                    apis: (original) => withSessionsRevokedAfterReset(withoutEnumeration(original, notifyOwner))
                }
            }),
            ThirdParty.init({
                signInAndUpFeature: { providers: providers(web) },
                override: {
                    functions: (original) => withAdminEmailsForThirdParty(original, web.adminEmails),
                    apis: (original) => withOAuthState(original, { websiteDomain: web.websiteDomain, secure: web.secure, apiBasePath })
                }
            }),
            EmailVerification.init({
                mode: web.emailVerification === 'required' ? 'REQUIRED' : 'OPTIONAL',
                emailDelivery: mail.verification
            }),
            Session.init({
                cookieSecure: web.secure,
                cookieSameSite: 'lax',
                getTokenTransferMethod: () => 'cookie',
                override: { functions: withSessionContext }
            }),
            UserRoles.init(),
            UserMetadata.init()
        ]
    });
};
