/*
 * supertokens.init for the web app, as SuperTokens' backend setup guide lays it out: framework hapi, the core's URI
 * and API key, appInfo with `/auth` for both the API and the pages, telemetry off, and the six recipes.
 * Behaviour that differs from the SDK's defaults lives in the modules next to this file, one per concern, each
 * with its own test (test/web/auth/):
 *
 *   mail.ts                  reset and verification emails: SMTP, or the dev outbox (never supertokens.io)
 *   anti-enumeration.ts      no email-exists API, a sign-up conflict that does not say "exists", owner notice
 *   equal-work.ts            known and unknown emails cost the same core work (sign-in, reset, sign-up)
 *   sessions-after-reset.ts  a password reset revokes all of the user's sessions
 *   oauth-state.ts           the OAuth state bound to the browser with a cookie; provider failures → GENERAL_ERROR
 *   apple-callback.ts        Apple's form_post callback redirects only to our callback page
 *   admin-emails.ts          ADMIN_EMAILS get the admin role before their session is made
 *   audit-context.ts         the end user's IP and user agent on every core call, for the audit trail
 *   session-context.ts       each session's sign-in IP and user agent, and its last refresh, in its session data
 *   tenants.ts               one tenant: an unknown tenant segment in an API path is a 404
 *   notices.ts               mails the owner when the password changes or a new sign-in method is used
 *   password-context.ts      the password policy with the user's own email (sign-up, password updates)
 *   email-policy.ts          the email field: at most 254 characters
 *   sign-in-link.ts          "Email me a sign-in link" (Passwordless, SIGN_IN_METHODS has `link`): mail, policy
 *   password-policy.ts, providers.ts
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Multitenancy from 'supertokens-node/recipe/multitenancy';
import Passwordless from 'supertokens-node/recipe/passwordless';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import type { WebSettings } from '../../config';
import { socialProviders } from '../pages/providers';
import { withAdminEmailsForEmailPassword, withAdminEmailsForThirdParty } from './admin-emails';
import { ownerNotifier, withoutEnumeration } from './anti-enumeration';
import { withAppleCallbackPinned } from './apple-callback';
import { validateEmail } from './email-policy';
import { auditHeaders } from './audit-context';
import { durationFloor, withCoreWorkMarked, withEqualWork } from './equal-work';
import { linkSignUp } from './link-sign-up';
import { createMailDelivery } from './mail';
import { withPasswordChangeNotice, withResetMarked, withSignInMethodNotice } from './notices';
import { withOAuthState } from './oauth-state';
import { withPasswordContextAtSignUp, withPasswordContextAtUpdate } from './password-context';
import { validatePassword } from './password-policy';
import { apiBasePath, websiteBasePath } from './paths';
import { providers } from './providers';
import { withSessionContext } from './session-context';
import { withSessionsRevokedAfterReset } from './sessions-after-reset';
import { signInLinkDelivery, withAdminEmailsForSignInLink, withSignInLinkPolicy } from './sign-in-link';
import { withPublicTenantOnly } from './tenants';


export interface CoreConnection {
    /** One or more core URIs separated by `;`. */
    readonly uri: string;
    readonly apiKey: string | undefined;
}

export const initSupertokens = (web: WebSettings, core: CoreConnection): void => {

    const mail = createMailDelivery(web);
    const notifyOwner = ownerNotifier({ send: mail.send, websiteDomain: web.websiteDomain });
    const signUpFloor = durationFloor();
    const notices = { send: mail.send, websiteDomain: web.websiteDomain };
    const mayCreateAccount = (email: string) => linkSignUp.mayCreateAccount(email);
    const providerName = (thirdPartyId: string) => socialProviders(web).find((provider) => provider.id === thirdPartyId)?.name ?? thirdPartyId;

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
                signUpFeature: { formFields: [{ id: 'email', validate: validateEmail }, { id: 'password', validate: validatePassword }] },
                emailDelivery: mail.passwordReset,
                override: {
                    functions: (original) => withPasswordChangeNotice(
                        withPasswordContextAtUpdate(withCoreWorkMarked(withAdminEmailsForEmailPassword(original, web.adminEmails))), notices),
                    apis: (original) => withResetMarked(
                        withPasswordContextAtSignUp(withSessionsRevokedAfterReset(withoutEnumeration(withEqualWork(original, signUpFloor), notifyOwner))))
                }
            }),
            ThirdParty.init({
                signInAndUpFeature: { providers: providers(web) },
                override: {
                    functions: (original) => withSignInMethodNotice(withAdminEmailsForThirdParty(original, web.adminEmails), notices, providerName),
                    apis: (original) => withAppleCallbackPinned(
                        withOAuthState(original, { websiteDomain: web.websiteDomain, secure: web.secure, apiBasePath }),
                        `${web.websiteDomain}${websiteBasePath}/callback/apple`)
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
            ...(web.emailLink ? [Passwordless.init({
                contactMethod: 'EMAIL',
                flowType: 'USER_INPUT_CODE_AND_MAGIC_LINK',
                validateEmailAddress: (email) => validateEmail(email),
                emailDelivery: signInLinkDelivery({ send: mail.send, mayCreateAccount }),
                override: {
                    functions: (original) => withAdminEmailsForSignInLink(original, web.adminEmails),
                    apis: (original) => withSignInLinkPolicy(original, mayCreateAccount)
                }
            })] : []),
            UserRoles.init(),
            UserMetadata.init(),
            Multitenancy.init({ override: { functions: withPublicTenantOnly } })
        ]
    });
};
