/*
 * Two-factor steps for the tests, through the pages as a browser does them: enrol (the secret read off the setup
 * page), answer the challenge. Codes are computed here (test/helpers/totp.ts) from the real time: the core's
 * replay rule refuses a code twice, so each step uses a different period within the skew.
 */

import * as Code from '@hapi/code';

import { crumbIn, postForm } from '../../helpers/pages';
import { totpCode } from '../../helpers/totp';
import type { Browser } from '../../helpers/web';


const { expect } = Code;

export const period = 30_000;

/** The code of `secret` for the period `offset` periods from now. */
export const codeAt = (secret: string, offset = 0): string => totpCode(secret, Date.now() + offset * period);

export interface Enrolled {
    readonly secret: string;
    readonly deviceName: string;
    /** The recovery codes the page showed (the first device only). */
    readonly recoveryCodes: string[];
}

export const hiddenField = (html: string, name: string): string => {

    const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
    expect(match, `no ${name} field`).to.exist();
    return match![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
};

/** GETs the setup page and confirms it with a code of its secret. */
export const enrol = async (browser: Browser, redirectToPath = '/dashboard'): Promise<Enrolled> => {

    const page = await browser.get(`/auth/mfa/setup?redirectToPath=${encodeURIComponent(redirectToPath)}`);
    expect(page.statusCode, page.payload).to.equal(200);
    const secret = /id="mfa-secret">([A-Z2-7]+)</.exec(page.payload)![1]!;
    const deviceName = hiddenField(page.payload, 'deviceName');
    const done = await postForm(browser, '/auth/mfa/setup', {
        crumb: crumbIn(page.payload), deviceName, otpauth: hiddenField(page.payload, 'otpauth'), redirectToPath, code: codeAt(secret)
    });

    expect(done.statusCode, done.payload).to.equal(200);
    const recoveryCodes = [...done.payload.matchAll(/<li class="recovery-code">([^<]+)<\/li>/g)].map((match) => match[1]!);
    return { secret, deviceName, recoveryCodes };
};

/** Answers the challenge with `fields` (a code or a recovery code). */
export const answerChallenge = async (browser: Browser, fields: { code?: string; recoveryCode?: string }, redirectToPath = '/dashboard') => {

    const page = await browser.get(`/auth/mfa?redirectToPath=${encodeURIComponent(redirectToPath)}`);
    expect(page.statusCode, page.payload).to.equal(200);
    return await postForm(browser, '/auth/mfa', { crumb: crumbIn(page.payload), redirectToPath, ...fields });
};
