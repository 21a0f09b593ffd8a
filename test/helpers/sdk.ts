/*
 * The real supertokens-node, pointed at a core. The SDK is a process-wide singleton, so each test file calls
 * `initSdk` in its `before` and the next file's call resets it first (the SDK allows that in TEST_MODE).
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';


process.env.TEST_MODE = 'testing';

const recipeModules = [
    'supertokens-node/lib/build/recipe/emailpassword/recipe',
    'supertokens-node/lib/build/recipe/session/recipe',
    'supertokens-node/lib/build/recipe/emailverification/recipe',
    'supertokens-node/lib/build/recipe/thirdparty/recipe',
    'supertokens-node/lib/build/recipe/userroles/recipe',
    'supertokens-node/lib/build/recipe/usermetadata/recipe',
    'supertokens-node/lib/build/recipe/multitenancy/recipe',
    'supertokens-node/lib/build/recipe/accountlinking/recipe',
    'supertokens-node/lib/build/recipe/multifactorauth/recipe',
    'supertokens-node/lib/build/recipe/totp/recipe',
    'supertokens-node/lib/build/recipe/jwt/recipe',
    'supertokens-node/lib/build/recipe/openid/recipe',
    'supertokens-node/lib/build/recipe/passwordless/recipe'
];

export interface SdkOptions {
    readonly apiKey?: string;
    /** Recipes to initialise; EmailPassword and Session by default. */
    readonly recipeList?: any[];
}


/** Resets whatever a previous test file initialised, then initialises the SDK against `connectionURI`. */
export const initSdk = (connectionURI: string, options: SdkOptions = {}): void => {

    resetSdk();
    SuperTokens.init({
        framework: 'hapi',
        supertokens: { connectionURI, apiKey: options.apiKey },
        appInfo: { appName: 'Staffgate test', apiDomain: 'http://localhost:3000', websiteDomain: 'http://localhost:3000', apiBasePath: '/auth', websiteBasePath: '/auth' },
        telemetry: false,
        recipeList: options.recipeList ?? [EmailPassword.init(), Session.init()]
    });
};

export const resetSdk = (): void => {

    (require('supertokens-node/lib/build/supertokens').default).reset();
    for (const path of recipeModules) {
        require(path).default.reset();
    }
};
