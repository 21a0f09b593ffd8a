import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';

import { linkTo, outboxTo, useQuietTestApp } from '../../helpers/outbox';
import type { Browser } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const password = 'a long enough password';
const newPassword = 'a brand new long password';

const signIn = (browser: Browser, email: string, pass: string) => browser.post('/auth/signin', { formFields: [{ id: 'email', value: email }, { id: 'password', value: pass }] });

/** Whether the browser's access token passes a database-checked verification. */
const sessionIsAlive = async (browser: Browser): Promise<boolean> => {

    try {
        await Session.getSessionWithoutRequestResponse(browser.cookies.get('sAccessToken')!.value, undefined, { checkDatabase: true });
        return true;
    }
    catch (err) {
        if (!Session.Error.isErrorFromSuperTokens(err)) {
            throw err;
        }

        expect(err.type).to.equal(Session.Error.UNAUTHORISED);
        return false;
    }
};


describe('Sessions after a password reset', () => {

    const shared = useQuietTestApp(lab);

    /** Signs up `email` in one browser and signs in from another; returns both and the user id. */
    const twoSessions = async (email: string) => {

        const laptop = shared.app.browser();
        const signUp = await laptop.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
        const userId = JSON.parse(signUp.payload).user.id as string;
        const phone = shared.app.browser();
        expect(JSON.parse((await signIn(phone, email, password)).payload).status).to.equal('OK');
        expect(await sessionIsAlive(laptop)).to.be.true();
        expect(await sessionIsAlive(phone)).to.be.true();
        return { laptop, phone, userId };
    };

    /** Requests a reset for `email` and returns the token from the outbox. */
    const resetToken = async (email: string): Promise<string> => {

        await shared.app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: email }] });
        const messages = await outboxTo(shared.app.config.web.outboxDir, email);
        return linkTo(messages[messages.length - 1]!, '/auth/reset-password').searchParams.get('token')!;
    };

    const reset = (token: string, pass = newPassword) => shared.app.browser().post('/auth/user/password/reset', { method: 'token', token, formFields: [{ id: 'password', value: pass }] });

    it('revokes every session of the user: database-checked verification and refresh fail afterwards', async () => {

        const { laptop, phone, userId } = await twoSessions('rita@example.com');
        const other = await twoSessions('someone.else@example.com');

        const res = await reset(await resetToken('rita@example.com'));
        expect(JSON.parse(res.payload).status).to.equal('OK');

        expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([]);
        expect(await sessionIsAlive(laptop)).to.be.false();
        expect(await sessionIsAlive(phone)).to.be.false();
        const refresh = await laptop.post('/auth/session/refresh');
        expect(refresh.statusCode).to.equal(401);
        expect(laptop.cookies.has('sRefreshToken')).to.be.false();

        // Other users keep theirs; the new password works and the old one does not.
        expect(await sessionIsAlive(other.laptop)).to.be.true();
        expect(JSON.parse((await signIn(shared.app.browser(), 'rita@example.com', password)).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
        expect(JSON.parse((await signIn(shared.app.browser(), 'rita@example.com', newPassword)).payload).status).to.equal('OK');
    });

    it('leaves the sessions alone when the reset fails', async () => {

        const { laptop, userId } = await twoSessions('sven@example.com');
        const token = await resetToken('sven@example.com');

        expect(JSON.parse((await reset(token, 'short')).payload).status).to.equal('FIELD_ERROR');
        expect(JSON.parse((await reset('not-a-real-token')).payload).status).to.equal('RESET_PASSWORD_INVALID_TOKEN_ERROR');
        expect(await Session.getAllSessionHandlesForUser(userId)).to.have.length(2);
        expect(await sessionIsAlive(laptop)).to.be.true();
        expect((await laptop.post('/auth/session/refresh')).statusCode).to.equal(200);
    });
});
