/*
 * Social and company sign-in, as far as SIGN_IN_METHODS lists them: Google, GitHub, Apple (the SuperTokens demo keys in development, see config.ts) and
 * one custom OIDC provider found through discovery (`OIDC_ISSUER`).
 *
 * For the custom provider the SDK fetches the discovery document from exactly the URL it is given (it adds
 * /.well-known/openid-configuration only for its built-in providers), so we derive that URL from the issuer. It
 * checks the ID token's signature, expiry and audience, not its issuer: validateIdTokenPayload does.
 */

import type { ProviderInput } from 'supertokens-node/recipe/thirdparty/types';

import type { SignInMethod, WebSettings } from '../../config';


export const providers = (web: WebSettings): ProviderInput[] => {

    const list: ProviderInput[] = [
        { config: { thirdPartyId: 'google', clients: [{ ...web.google }] } },
        { config: { thirdPartyId: 'github', clients: [{ ...web.github }] } },
        {
            config: {
                thirdPartyId: 'apple',
                clients: [{ clientId: web.apple.clientId, additionalConfig: { keyId: web.apple.keyId, privateKey: web.apple.privateKey, teamId: web.apple.teamId } }]
            }
        }
    ];

    if (web.oidc && web.signInMethods.includes('oidc')) {
        const issuer = withoutTrailingSlash(web.oidc.issuer).replace(/\/\.well-known\/openid-configuration$/, '');
        list.push({
            config: {
                thirdPartyId: web.oidc.id,
                name: web.oidc.name,
                oidcDiscoveryEndpoint: discoveryUrl(issuer),
                clients: [{ clientId: web.oidc.clientId, clientSecret: web.oidc.clientSecret, scope: ['openid', 'email', 'profile'] }],
                validateIdTokenPayload: async ({ idTokenPayload }) => {

                    if (typeof idTokenPayload.iss !== 'string' || withoutTrailingSlash(idTokenPayload.iss) !== issuer) {
                        throw new Error(`ID token issued by ${String(idTokenPayload.iss)}, not by ${issuer}`);
                    }
                }
            }
        });
    }

    return list.filter((provider) => provider.config.thirdPartyId === web.oidc?.id || web.signInMethods.includes(provider.config.thirdPartyId as SignInMethod));
};


const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** OpenID Connect Discovery 1.0 §4: the issuer, then /.well-known/openid-configuration (unless already there). */
export const discoveryUrl = (issuer: string): string => {

    const base = withoutTrailingSlash(issuer);
    return base.endsWith('/.well-known/openid-configuration') ? base : `${base}/.well-known/openid-configuration`;
};
