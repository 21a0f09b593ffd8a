/* A full sign-in through the test OIDC provider, as the sign-in and callback pages' scripts do it. */

import type * as Hapi from '@hapi/hapi';

import type { Browser, TestApp } from './web';


/** GET /auth/authorisationurl, the provider's /authorize (which signs in its configured user), POST /auth/signinup. */
export const signInWithOidc = async (app: TestApp, browser: Browser, thirdPartyId = 'oidc'): Promise<Hapi.ServerInjectResponse> => {

    const redirectUri = `${app.config.web.websiteDomain}/auth/callback/${thirdPartyId}`;
    const started = JSON.parse((await browser.get(`/auth/authorisationurl?thirdPartyId=${thirdPartyId}&redirectURIOnProviderDashboard=${encodeURIComponent(redirectUri)}`)).payload);
    if (started.status !== 'OK') {
        throw new Error(`authorisationurl answered ${JSON.stringify(started)}`);
    }

    const authorized = await fetch(started.urlWithQueryParams, { redirect: 'manual' });
    const params = Object.fromEntries(new URL(authorized.headers.get('location')!).searchParams);
    return browser.post('/auth/signinup', {
        thirdPartyId,
        redirectURIInfo: { redirectURIOnProviderDashboard: redirectUri, redirectURIQueryParams: params, ...(started.pkceCodeVerifier ? { pkceCodeVerifier: started.pkceCodeVerifier } : {}) }
    });
};
