/*
 * Social and company sign-in: Google, GitHub, Apple (the SuperTokens demo keys in development, see config.ts) and
 * one custom OIDC provider found through discovery (`OIDC_ISSUER`).
 */

import type { ProviderInput } from 'supertokens-node/recipe/thirdparty/types';

import type { WebSettings } from '../../config';


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

    if (web.oidc) {
        list.push({
            config: {
                thirdPartyId: web.oidc.id,
                name: web.oidc.name,
                oidcDiscoveryEndpoint: web.oidc.issuer,
                clients: [{ clientId: web.oidc.clientId, clientSecret: web.oidc.clientSecret, scope: ['openid', 'email', 'profile'] }]
            }
        });
    }

    return list;
};
