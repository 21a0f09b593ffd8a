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

    it('allows `max` per address in a window, case-insensitively, then again once the window has moved on', () => {

        let time = 0;
        const allow = addressLimiter({ max: 3, windowMs: 1000, now: () => time });
        expect([1, 2, 3, 4].map(() => allow('Ann@Example.com'))).to.equal([true, true, true, false]);
        expect(allow('ann@example.com')).to.be.false();
        expect(allow('bob@example.com')).to.be.true();

        time = 999;
        expect(allow('ann@example.com')).to.be.false();
        time = 1000;
        expect([1, 2, 3, 4].map(() => allow('ann@example.com'))).to.equal([true, true, true, false]);
    });

    it('forgets the least recently used addresses beyond its size', () => {

        const allow = addressLimiter({ max: 1, windowMs: 1000, now: () => 0, maxAddresses: 2 });
        expect([allow('a@x'), allow('b@x'), allow('c@x')]).to.equal([true, true, true]);
        expect(allow('c@x')).to.be.false();
        expect(allow('a@x')).to.be.true();                      // Forgotten: the oldest went first
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
