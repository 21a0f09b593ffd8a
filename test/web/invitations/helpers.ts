/* Invitations in tests: made straight in the core (with its token) or read back from the dev outbox. */

import type { Browser, TestApp } from '../../helpers/web';
import { coreRequest } from '../../helpers/core-api';
import { crumbIn } from '../../helpers/pages';
import { linkTo, outboxTo } from '../../helpers/outbox';


export interface MadeInvitation {
    readonly invitationId: string;
    readonly token: string;
}

/** An invitation made through the core's endpoint (no email), with its token. */
export const invite = async (app: TestApp, email: string, roles: string[] = [], lifetimeHours = 168): Promise<MadeInvitation> => {

    const result = await coreRequest(app, 'POST', '/staffgate/invitations', { email, roles, lifetimeHours });
    if (result.status !== 'OK') {
        throw new Error(`invitation refused: ${result.status}`);
    }

    return { invitationId: result.invitation.invitationId, token: result.token };
};

/** The invitation link of the newest email to `to`. */
export const invitationLink = async (app: TestApp, to: string): Promise<URL> => {

    const messages = await outboxTo(app.config.web.outboxDir, to);
    return linkTo(messages.at(-1)!, '/auth/invite');
};

/**
 * Opens the link as a browser does: the token moves into a cookie (a redirect with no Referer), then the page
 * without it in the URL.
 */
export const openInvite = async (browser: Browser, token: string) => {

    const link = await browser.get(`/auth/invite?token=${encodeURIComponent(token)}`);
    if (link.statusCode !== 302 || link.headers.location !== '/auth/invite' || link.headers['referrer-policy'] !== 'no-referrer') {
        throw new Error(`the link answered ${link.statusCode} ${String(link.headers.location)} (referrer-policy ${String(link.headers['referrer-policy'])})`);
    }

    return await browser.get('/auth/invite');
};

/** Opens the invitation page and posts the password form with the page's crumb. */
export const acceptWithPassword = async (browser: Browser, token: string, password: string, confirm = password) => {

    const page = await openInvite(browser, token);
    if (page.statusCode !== 200) {
        return page;
    }

    return await postInvite(browser, crumbIn(page.payload), token, password, confirm);
};

export const postInvite = (browser: Browser, crumb: string, token: string, password: string, confirm = password) => {

    const body = new URLSearchParams({ crumb, token, password, confirmPassword: confirm }).toString();
    return browser.post('/auth/invite', body, { 'content-type': 'application/x-www-form-urlencoded' });
};

/** A form body with repeated fields (several roles). */
export const formBody = (fields: [string, string][]): string => new URLSearchParams(fields).toString();
