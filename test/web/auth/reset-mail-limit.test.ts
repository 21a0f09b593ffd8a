import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { addressLimiter } from '../../../server/web/auth/reset-mail-limit';
import { captureMailLog, outboxTo } from '../../helpers/outbox';
import { signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('reset emails per address', () => {

    const inTurn = async (allow: (address: string) => Promise<string>, addresses: string[]) => {

        const verdicts: string[] = [];
        for (const address of addresses) {
            verdicts.push(await allow(address));
        }

        return verdicts;
    };

    it('allows `max` per address in a window, case-insensitively, then again once the window has moved on', async () => {

        let time = 0;
        const allow = addressLimiter({ max: 3, windowMs: 1000, now: () => time });
        expect(await inTurn(allow, Array(4).fill('Ann@Example.com'))).to.equal(['ok', 'ok', 'ok', 'over-limit']);
        expect(await allow('ann@example.com')).to.equal('over-limit');
        expect(await allow('bob@example.com')).to.equal('ok');

        time = 999;
        expect(await allow('ann@example.com')).to.equal('over-limit');
        time = 1000;
        expect(await inTurn(allow, Array(4).fill('ann@example.com'))).to.equal(['ok', 'ok', 'ok', 'over-limit']);
    });

    it('forgets the least recently used addresses beyond its size', async () => {

        const allow = addressLimiter({ max: 1, windowMs: 1000, now: () => 0, maxAddresses: 2 });
        expect(await inTurn(allow, ['a@x', 'b@x', 'c@x'])).to.equal(['ok', 'ok', 'ok']);
        expect(await allow('c@x')).to.equal('over-limit');
        expect(await allow('a@x')).to.equal('ok');              // Forgotten: the oldest went first
    });

    describe('through the app', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp();
        });

        after(() => app.destroy());

        it('sends at most three reset emails to one address, however many clients ask; every answer is OK', async () => {

            await signUp(app.browser(), 'flooded@example.com');
            const log = captureMailLog();
            try {
                for (let i = 0; i < 6; ++i) {
                    const res = await app.web.inject({
                        method: 'POST',
                        url: '/auth/user/password/reset/token',
                        headers: { rid: 'emailpassword' },
                        remoteAddress: `198.51.100.${i + 1}`,
                        payload: { formFields: [{ id: 'email', value: i % 2 ? 'Flooded@Example.com' : 'flooded@example.com' }] }
                    });
                    expect(JSON.parse(res.payload)).to.equal({ status: 'OK' });
                }
            }
            finally {
                log.restore();
            }

            expect(await outboxTo(app.config.web.outboxDir, 'flooded@example.com')).to.have.length(3);
            expect(log.lines.filter((line) => line.includes('not sent'))).to.have.length(3);
            expect(log.lines.join('\n')).to.not.include('flooded@example.com');
        });
    });
});
