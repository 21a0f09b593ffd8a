/*
 * Helpers for the page tests: signing a browser up or in through the SDK's API, posting our HTML forms with the
 * crumb a page rendered, and reading bits of rendered HTML.
 */

import * as Code from '@hapi/code';
import type * as Hapi from '@hapi/hapi';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import type { Browser, TestApp } from './web';


const { expect } = Code;

export const password = 'a long enough password';

const emailFields = (email: string, secret: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: secret }] });

/** Signs a new user up in `browser` (which then holds the session); returns the user id. */
export const signUp = async (browser: Browser, email: string, secret = password): Promise<string> => {

    const res = await browser.post('/auth/signup', emailFields(email, secret));
    const body = JSON.parse(res.payload);
    expect(body.status, res.payload).to.equal('OK');
    return body.user.id;
};

/** Signs an existing user in `browser` (a new session). */
export const signIn = async (browser: Browser, email: string, secret = password): Promise<Hapi.ServerInjectResponse> => {

    const res = await browser.post('/auth/signin', emailFields(email, secret));
    return res;
};

/** A third-party (GitHub) user with a session in a new browser, made through the SDK rather than a provider. */
export const thirdPartyBrowser = async (app: TestApp, email: string): Promise<{ browser: Browser; userId: string }> => {

    const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', `gh-${email}`, email, true);
    if (created.status !== 'OK') {
        throw new Error(`Could not create the third-party user: ${created.status}`);
    }

    const session = await Session.createNewSessionWithoutRequestResponse('public', created.recipeUserId);
    const browser = app.browser();
    browser.cookies.set('sAccessToken', { value: session.getAllSessionTokensDangerously().accessToken, path: '/' });
    return { browser, userId: created.user.id };
};

/** The crumb the page rendered in its hidden field. */
export const crumbIn = (html: string): string => {

    const match = /name="crumb" value="([^"]+)"/.exec(html);
    expect(match, 'no crumb field on the page').to.exist();
    return match![1]!;
};

/** GETs `page` (which sets the crumb cookie and renders the field), then POSTs `fields` + the crumb as a form. */
export const submitForm = async (browser: Browser, page: string, action: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) => {

    const form = await browser.get(page);
    expect(form.statusCode).to.equal(200);
    return await postForm(browser, action, { crumb: crumbIn(form.payload), ...fields }, headers);
};

/** POSTs url-encoded `fields` as a browser form would. */
export const postForm = (browser: Browser, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {

    return browser.post(action, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
};

/** The text content of the element with this id (tags stripped), or undefined when it is not on the page. */
export const textOf = (html: string, id: string): string | undefined => {

    const match = new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
    return match?.[2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
};

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': '\'', '&#x60;': '`', '&#x3D;': '=' };

/** The value of attribute `name` (on the element with id `id`, else the first on the page), unescaped. */
export const attributeOf = (html: string, name: string, id?: string): string | undefined => {

    const tag = id === undefined ? html : new RegExp(`<[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
    return match?.[1]!.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => entities[entity]!);
};

/** True when the element with this id is rendered with the `hidden` attribute. */
export const isHidden = (html: string, id: string): boolean => {

    const match = new RegExp(`<[^>]*\\sid="${id}"[^>]*>`).exec(html);
    expect(match, `no #${id} on the page`).to.exist();
    return /\shidden(?=[\s>])/.test(match![0]);
};

/** A session's handle, from /api/me. */
export const handleOf = async (browser: Browser): Promise<string> => {

    const res = await browser.get('/api/me');
    expect(res.statusCode).to.equal(200);
    return JSON.parse(res.payload).sessionHandle;
};
