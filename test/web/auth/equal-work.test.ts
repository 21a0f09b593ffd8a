import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { durationFloor } from '../../../server/web/auth/equal-work';
import { coreRequest } from '../../helpers/core-api';
import { captureMailLog, outboxTo } from '../../helpers/outbox';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';

const form = (fields: Record<string, string>) => ({ formFields: Object.entries(fields).map(([id, value]) => ({ id, value })) });


describe('Known and unknown emails cost the same', () => {

    let app: TestApp;
    let restoreLog: () => void;
    /** Every request the core received: "METHOD path". */
    const coreCalls: string[] = [];

    /** The core calls `fn` makes. */
    const callsDuring = async (fn: () => Promise<unknown>): Promise<string[]> => {

        coreCalls.length = 0;
        await fn();
        return [...coreCalls];
    };

    before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp();
        app.core!.server.ext('onRequest', (request, h) => {

            coreCalls.push(`${request.method.toUpperCase()} ${request.path.replace(/^\/public(?=\/)/, '')}`);
            return h.continue;
        });

        expect(JSON.parse((await app.browser().post('/auth/signup', form({ email: 'known@example.com', password }))).payload).status).to.equal('OK');
    });

    after(async () => {

        await app.destroy();
        restoreLog();
    });

    describe('sign-in', () => {

        it('asks the core to check the password for an unknown email, as for a known one', async () => {

            const signIn = (email: string) => app.browser().post('/auth/signin', form({ email, password: 'not the right password' }));

            let unknownAnswer = '';
            const unknown = await callsDuring(async () => (unknownAnswer = (await signIn('nobody@example.com')).payload));
            let knownAnswer = '';
            const known = await callsDuring(async () => (knownAnswer = (await signIn('known@example.com')).payload));

            expect(unknownAnswer).to.equal('{"status":"WRONG_CREDENTIALS_ERROR"}');
            expect(knownAnswer).to.equal(unknownAnswer);
            expect(unknown.filter((call) => call === 'POST /recipe/signin')).to.have.length(1);
            expect(known.filter((call) => call === 'POST /recipe/signin')).to.have.length(1);
            expect(unknown.sort()).to.equal(known.sort());
        });

        it('records the failed sign-in of an unknown email in the audit trail, with the email and the client', async () => {

            await app.browser().post('/auth/signin', form({ email: 'Stranger@Example.com', password: 'a guess at a password' }), { 'user-agent': 'prober/1.0' });
            const { events } = await coreRequest(app, 'GET', '/staffgate/audit?event=sign_in_failed&limit=50');
            const event = events.find((candidate: any) => candidate.details.email === 'stranger@example.com');
            expect(event, 'no sign_in_failed event for the unknown email').to.exist();
            expect(event.details.reason).to.equal('unknown_email');
            expect(event.userId).to.not.exist();
            expect(event.ip).to.equal('127.0.0.1');
            expect(event.userAgent).to.equal('prober/1.0');
        });

        it('does not ask twice when the core already checked the password', async () => {

            const calls = await callsDuring(() => app.browser().post('/auth/signin', form({ email: 'known@example.com', password })));
            expect(calls.filter((call) => call === 'POST /recipe/signin')).to.have.length(1);
        });
    });

    describe('password reset request', () => {

        it('asks the core for a reset token for an unknown email too (which makes none), and mails nobody', async () => {

            const request = (email: string) => app.browser().post('/auth/user/password/reset/token', form({ email }));

            const unknown = await callsDuring(() => request('nobody-reset@example.com'));
            const known = await callsDuring(() => request('known@example.com'));

            expect(unknown.filter((call) => call === 'POST /recipe/user/password/reset/token')).to.have.length(1);
            expect(known.filter((call) => call === 'POST /recipe/user/password/reset/token')).to.have.length(1);
            expect(unknown.sort()).to.equal(known.sort());
            expect(await outboxTo(app.config.web.outboxDir, 'nobody-reset@example.com')).to.have.length(0);
            expect(await outboxTo(app.config.web.outboxDir, 'known@example.com')).to.have.length(1);
        });
    });

    describe('sign-up', () => {

        it('hashes the password in the core for a registered email as for a new one', async () => {

            const fresh = await callsDuring(() => app.browser().post('/auth/signup', form({ email: 'fresh@example.com', password })));
            const taken = await callsDuring(() => app.browser().post('/auth/signup', form({ email: 'known@example.com', password })));
            expect(fresh.filter((call) => call === 'POST /recipe/signup')).to.have.length(1);
            expect(taken.filter((call) => call === 'POST /recipe/signup')).to.have.length(1);
        });

        it('holds a refusal back to the running average of successful sign-ups', async () => {

            let now = 1000;
            const waits: number[] = [];
            const floor = durationFloor({ now: () => now, sleep: async (ms) => void waits.push(ms) });

            await floor.pad(now);
            expect(waits).to.equal([]);

            for (let i = 0; i < 64; ++i) {
                floor.record(40);
            }

            expect(floor.averageMs).to.be.within(39, 40);
            const startedAt = now;
            now += 10;
            await floor.pad(startedAt);
            expect(waits).to.equal([30]);

            now += 100;
            await floor.pad(startedAt);
            expect(waits).to.equal([30]);

            floor.record(1_000_000);
            expect(floor.averageMs).to.be.below(1300);
        });
    });
});
