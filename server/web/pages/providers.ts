import type { WebSettings } from '../../config';


export interface SocialProvider {
    /** The SDK's thirdPartyId. */
    readonly id: string;
    /** The button's label. */
    readonly name: string;
}

/** The sign-in buttons of the methods SIGN_IN_METHODS lists, in order: the three social providers, then the company's OIDC provider when configured. */
export const socialProviders = (web: WebSettings): SocialProvider[] => [
    ...(['google', 'github', 'apple'] as const).filter((id) => web.signInMethods.includes(id)).map((id) => ({ id, name: names[id] })),
    ...(web.oidc && web.signInMethods.includes('oidc') ? [{ id: web.oidc.id, name: web.oidc.name }] : [])
];

const names = { google: 'Google', github: 'GitHub', apple: 'Apple' };
