import type { WebSettings } from '../../config';


export interface SocialProvider {
    /** The SDK's thirdPartyId. */
    readonly id: string;
    /** The button's label. */
    readonly name: string;
}

/** The sign-in buttons, in order: the three social providers, then the company's OIDC provider when configured. */
export const socialProviders = (web: WebSettings): SocialProvider[] => [
    { id: 'google', name: 'Google' },
    { id: 'github', name: 'GitHub' },
    { id: 'apple', name: 'Apple' },
    ...(web.oidc ? [{ id: web.oidc.id, name: web.oidc.name }] : [])
];
