/*
 * supertokens.init for the web app, as SuperTokens' backend setup guide lays it out: framework hapi, the core's URI
 * and API key, appInfo with `/auth` for both the API and the pages, telemetry off, and the six recipes.
 * Behaviour that differs from the SDK's defaults (anti-enumeration, password policy, sessions after a reset, …)
 * lives in the override modules next to this file, each with its own test.
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import type { WebSettings } from '../../config';
import { validatePassword } from './password-policy';
import { providers } from './providers';


export interface CoreConnection {
    /** One or more core URIs separated by `;`. */
    readonly uri: string;
    readonly apiKey: string | undefined;
}

export const initSupertokens = (web: WebSettings, core: CoreConnection): void => {

    SuperTokens.init({
        framework: 'hapi',
        supertokens: { connectionURI: core.uri, apiKey: core.apiKey },
        appInfo: {
            appName: 'Staffgate',
            apiDomain: web.apiDomain,
            websiteDomain: web.websiteDomain,
            apiBasePath: '/auth',
            websiteBasePath: '/auth'
        },
        telemetry: false,
        recipeList: [
            EmailPassword.init({ signUpFeature: { formFields: [{ id: 'password', validate: validatePassword }] } }),
            ThirdParty.init({ signInAndUpFeature: { providers: providers(web) } }),
            EmailVerification.init({ mode: web.emailVerification === 'required' ? 'REQUIRED' : 'OPTIONAL' }),
            Session.init({
                cookieSecure: web.secure,
                cookieSameSite: 'lax',
                getTokenTransferMethod: () => 'cookie'
            }),
            UserRoles.init(),
            UserMetadata.init()
        ]
    });
};
