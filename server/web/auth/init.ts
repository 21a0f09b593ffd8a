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
 *   admin-emails.ts          ADMIN_EMAILS get the admin role once, when their email is verified
 *   signup-guard.ts          SIGNUP (signup-policy.ts) for password sign-up and a first third-party sign-in
 *   ../invitations/provider.ts  an invitation accepted through a provider: the invited email, verified, or nothing
 *   account-states.ts        a banned or locked account told so, when the password was right
 *   sign-in-methods.ts       SIGN_IN_METHODS: the password API off when not listed, /auth/loginmethods
 *   audit-context.ts         the end user's IP and user agent on every core call, for the audit trail
 *   session-context.ts       each session's sign-in IP and user agent, and its last refresh, in its session data
 *   session-cache.ts         verified access tokens remembered for a few seconds (not for checkDatabase)
 *   tenants.ts               one tenant: an unknown tenant segment in an API path is a 404
 *   notices.ts               mails the owner when the password changes or a new sign-in method is used
 *   password-context.ts      the password policy with the user's own email (sign-up, password updates)
 *   email-policy.ts          the email field: at most 254 characters
 *   remember-me.ts           "Keep me signed in on this device": the session data key the core reads
 *   mfa.ts                   two-factor sign-in (MultiFactorAuth + TOTP): who must complete it (`MFA`)
 *   sign-in-link.ts          "Email me a sign-in link" (Passwordless, SIGN_IN_METHODS has `link`): mail, policy
 *   auth-events.ts           each sign-in's outcome, sign-up and wrong second-factor code: a log line and a metric
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
import type { LimiterStore } from '../limits';
import type { Logger, Observability } from '../../observability';
import { socialProviders } from '../pages/providers';
import { CoreExtensions, ExtensionUnavailableError } from '../core-extensions';
import { invitationOfSignIn, withInvitationCheck, withInvitationCookie } from '../invitations/provider';
import { withAccountStates } from './account-states';
import { authEventRecorder, withEmailPasswordEvents, withPasswordlessEvents, withThirdPartyEvents } from './auth-events';
import {
    withAdminEmailsForEmailPassword, withAdminEmailsForThirdParty, withAdminEmailsForVerification, withRolesRefreshedAfterVerification
} from './admin-emails';
import { ownerNotifier, withoutEnumeration } from './anti-enumeration';
import { withAppleCallbackPinned } from './apple-callback';
import { withNormalisedEmails } from './email-normalisation';
import { validateEmail } from './email-policy';
import { auditHeaders, clientOf } from './audit-context';
import { durationFloor, resetDecoy, withCoreWorkMarked, withEqualWork } from './equal-work';
import { factorNotifier } from './factor-notices';
import { linkSignUp } from './link-sign-up';
import { decideSignUp } from './signup-policy';
import { mailLog, type MailDelivery } from './mail';
import { withResetMailLimit } from './reset-mail-limit';
import { mfaRecipes } from './mfa';
import { withPasswordChangeNotice, withResetMarked, withSignInMethodNotice } from './notices';
import { withOAuthState } from './oauth-state';
import { withPasswordContextAtSignUp, withPasswordContextAtUpdate } from './password-context';
import { validatePassword } from './password-policy';
import { apiBasePath, websiteBasePath } from './paths';
import { providers } from './providers';
import { withLoginMethods, withPasswordMethod } from './sign-in-methods';
import { withSignUpPolicyForEmailPassword, withSignUpPolicyForThirdParty, type RefusalRecorder, type SignUpGuardOptions } from './signup-guard';
import { VerifiedSessionCache, withVerifiedSessionCache } from './session-cache';
import { withSessionContext } from './session-context';
import { withQuickClaimValidation } from './claim-validation';
import { withDisplayNameInToken, withDisplayNameSpread } from '../pages/display-name';
import { withSessionsRevokedAfterReset } from './sessions-after-reset';
import { signInLinkDelivery, withAdminEmailsForSignInLink, withSignInLinkPolicy } from './sign-in-link';
import { withPublicTenantOnly } from './tenants';
import { withVerificationLinkAtSignUp, withVerificationSentNoted } from './verification-sent';


export interface CoreConnection {
    /** One or more core URIs separated by `;`. */
    readonly uri: string;
    readonly apiKey: string | undefined;
}

/** Refused sign-ups go to the core's audit trail; an official core has none, so they are only logged there. */
const refusalRecorder = (extensions: CoreExtensions, logger: Logger): RefusalRecorder => {

    return async (refusal, userContext) => {

        try {
            await extensions.appendAudit('sign_up_refused', undefined, { ...refusal }, clientOf(userContext));
        }
        catch (err) {
            if (!(err instanceof ExtensionUnavailableError)) {
                throw err;
            }

            logger.warn({ auth: { event: 'sign_up_refused', method: refusal.method, reason: refusal.reason } }, 'sign-up refused by the sign-up policy');
        }
    };
};

/**
 * `delivery`: the app's mail (server.ts makes it, with its queue worker); `limits`: where the mail throttles count
 * (the web app's store; default: this process's memory).
 */
export const initSupertokens = (web: WebSettings, core: CoreConnection, observability: Observability, delivery: MailDelivery, limits?: LimiterStore): void => {

    mailLog.logger = observability.logger;
    mailLog.metrics = observability.metrics.mail;
    const events = authEventRecorder(observability);
    const mail = withResetMailLimit(delivery, limits);
    const notifyOwner = ownerNotifier({ send: mail.send, websiteDomain: web.websiteDomain, store: limits });
    const signUpFloor = durationFloor();
    const notices = { send: mail.send, websiteDomain: web.websiteDomain };
    // A sign-in link proves the address when it is used, so the policy sees it as verified.
    linkSignUp.mayCreateAccount = async (email) => decideSignUp(web, undefined, { email, verified: true, userContext: {} }).allowed;
    const mayCreateAccount = (email: string) => linkSignUp.mayCreateAccount(email);
    const providerName = (thirdPartyId: string) => socialProviders(web).find((provider) => provider.id === thirdPartyId)?.name ?? thirdPartyId;
    const thirdParties = providers(web);
    const extensions = new CoreExtensions(core);
    // The policy's only invitation is the one the provider path checked for this very sign-in (withInvitationCheck).
    const signUpGuard: SignUpGuardOptions = { settings: web, findInvitation: invitationOfSignIn, recordRefusal: refusalRecorder(extensions, observability.logger) };

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
                    functions: (original) => {

                        return withPasswordChangeNotice(
                            withPasswordContextAtUpdate(withCoreWorkMarked(withAdminEmailsForEmailPassword(original, web.adminEmails))), notices);
                    },
                    apis: (original) => {

                        return withVerificationLinkAtSignUp(withNormalisedEmails(withPasswordMethod(withEmailPasswordEvents(withAccountStates(withResetMarked(withPasswordContextAtSignUp(withSignUpPolicyForEmailPassword(
                            withSessionsRevokedAfterReset(withoutEnumeration(withEqualWork(original, signUpFloor, Date.now, resetDecoy(mail, web.websiteDomain)), notifyOwner)), signUpGuard))), extensions), events), web.signInMethods)),
                        web.emailVerification === 'required');
                    }
                }
            }),
            ThirdParty.init({
                signInAndUpFeature: { providers: thirdParties },
                override: {
                    functions: (original) => {

                        return withInvitationCheck(withSignInMethodNotice(
                            withAdminEmailsForThirdParty(withSignUpPolicyForThirdParty(original, signUpGuard), web.adminEmails), notices, providerName), extensions);
                    },
                    apis: (original) => {

                        return withThirdPartyEvents(withInvitationCookie(withAppleCallbackPinned(
                            withOAuthState(original, { websiteDomain: web.websiteDomain, secure: web.secure, apiBasePath }),
                            `${web.websiteDomain}${websiteBasePath}/callback/apple`), { secure: web.secure, apiBasePath }), events);
                    }
                }
            }),
            EmailVerification.init({
                mode: web.emailVerification === 'required' ? 'REQUIRED' : 'OPTIONAL',
                emailDelivery: mail.verification,
                override: {
                    functions: (original) => withAdminEmailsForVerification(original, web.adminEmails),
                    apis: (original) => withVerificationSentNoted(withRolesRefreshedAfterVerification(original))
                }
            }),
            Session.init({
                cookieSecure: web.secure,
                cookieSameSite: 'lax',
                getTokenTransferMethod: () => 'cookie',
                override: { functions: (original) => withQuickClaimValidation(withVerifiedSessionCache(withDisplayNameInToken(withSessionContext(original)), new VerifiedSessionCache())) }
            }),
            ...(web.signInMethods.includes('link') ? [Passwordless.init({
                contactMethod: 'EMAIL',
                flowType: 'USER_INPUT_CODE_AND_MAGIC_LINK',
                validateEmailAddress: (email) => validateEmail(email),
                emailDelivery: signInLinkDelivery({ send: mail.send, mayCreateAccount, store: limits }),
                override: {
                    functions: (original) => withAdminEmailsForSignInLink(original, web.adminEmails),
                    apis: (original) => withPasswordlessEvents(withSignInLinkPolicy(original, mayCreateAccount), events)
                }
            })] : []),
            UserRoles.init(),
            UserMetadata.init({ override: { functions: withDisplayNameSpread } }),
            Multitenancy.init({
                override: {
                    functions: withPublicTenantOnly,
                    apis: (original) => withLoginMethods(original, web.signInMethods, thirdParties.map((provider) => provider.config.thirdPartyId), observability.logger)
                }
            }),
            ...mfaRecipes(web.mfa, factorNotifier(mail.send, web.websiteDomain), events)
        ]
    });
};
