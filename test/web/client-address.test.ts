import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';

import { AddressRanges, clientAddress, rateLimitKey } from '../../server/addresses';
import { sessionClientOf } from '../../server/web/auth/session-context';
import { auditEvents } from '../helpers/core-api';
import { captureMailLog, outboxTo } from '../helpers/outbox';
import { handleOf, password } from '../helpers/pages';
import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const formFields = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });


describe('Client address (TRUSTED_PROXIES)', () => {

    describe('AddressRanges', () => {

        it('holds IPv4 and IPv6 addresses and CIDR ranges, IPv4-mapped IPv6 as IPv4', () => {

            const ranges = new AddressRanges(['10.0.0.0/8', '192.0.2.7', 'fd00::/8', '2001:db8::1', '::ffff:198.51.100.1']);
            expect(ranges.has('10.255.1.2')).to.be.true();
            expect(ranges.has('::ffff:10.1.2.3')).to.be.true();
            expect(ranges.has('11.0.0.1')).to.be.false();
            expect(ranges.has('192.0.2.7')).to.be.true();
            expect(ranges.has('192.0.2.8')).to.be.false();
            expect(ranges.has('fd12:3456::1')).to.be.true();
            expect(ranges.has('fe00::1')).to.be.false();
            expect(ranges.has('2001:db8::1')).to.be.true();
            expect(ranges.has('2001:db8::2')).to.be.false();
            expect(ranges.has('198.51.100.1')).to.be.true();
            expect(ranges.has('not an address')).to.be.false();
        });

        it('refuses a bad entry, naming it', () => {

            for (const bad of ['10.0.0.300', '10.0.0.0/33', 'fd00::/129', 'proxy.example.com', '10.0.0.0/8/1', '10.0.0.0/', '10.0.0.0/x', '']) {
                expect(() => new AddressRanges(['127.0.0.1', bad]), bad).to.throw(`"${bad}" is not an IPv4 or IPv6 address or CIDR range`);
            }
        });
    });

    describe('clientAddress', () => {

        const trusted = new AddressRanges(['10.0.0.0/8', '192.0.2.1', 'fd00::/8']);

        it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {

            expect(clientAddress('203.0.113.9', '198.51.100.1', trusted)).to.equal('203.0.113.9');
            expect(clientAddress('::ffff:203.0.113.9', '198.51.100.1', trusted)).to.equal('203.0.113.9');
            expect(clientAddress('10.0.0.1', '198.51.100.1', new AddressRanges([]))).to.equal('10.0.0.1');
        });

        it('takes the rightmost untrusted hop from a trusted proxy, skipping a chain of trusted ones', () => {

            expect(clientAddress('10.0.0.1', '198.51.100.1', trusted)).to.equal('198.51.100.1');
            expect(clientAddress('::ffff:10.0.0.1', ' 198.51.100.1 ', trusted)).to.equal('198.51.100.1');
            // The client made up the first hop; the proxies appended the real one and each other.
            expect(clientAddress('10.0.0.1', '1.1.1.1, 198.51.100.1, 192.0.2.1, 10.9.9.9', trusted)).to.equal('198.51.100.1');
            expect(clientAddress('fd00::1', '2001:db8:5::7, fd00::2', trusted)).to.equal('2001:db8:5::7');
            expect(clientAddress('10.0.0.1', '::ffff:198.51.100.2', trusted)).to.equal('198.51.100.2');
        });

        it('takes the leftmost hop when every hop is a trusted proxy, and the peer without a header', () => {

            expect(clientAddress('10.0.0.1', '10.1.1.1, 10.2.2.2', trusted)).to.equal('10.1.1.1');
            expect(clientAddress('10.0.0.1', undefined, trusted)).to.equal('10.0.0.1');
        });

        it('falls back to the peer when a hop is not an address', () => {

            for (const header of ['', 'unknown', '198.51.100.1, garbage', '198.51.100.1:443', '[2001:db8::1]', '198.51.100.1,,10.0.0.2', '300.1.1.1']) {
                expect(clientAddress('10.0.0.1', header, trusted), header).to.equal('10.0.0.1');
            }
        });
    });

    describe('rateLimitKey', () => {

        it('keeps IPv4 (mapped too) as it is and counts IPv6 by its /64', () => {

            expect(rateLimitKey('203.0.113.9')).to.equal('203.0.113.9');
            expect(rateLimitKey('::ffff:203.0.113.9')).to.equal('203.0.113.9');
            expect(rateLimitKey('2001:db8:1:2::1')).to.equal('2001:db8:1:2::/64');
            expect(rateLimitKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).to.equal('2001:db8:1:2::/64');
            expect(rateLimitKey('2001:db8::1')).to.equal('2001:db8:0:0::/64');
            expect(rateLimitKey('::1')).to.equal('0:0:0:0::/64');
            expect(rateLimitKey('2001:db8:1:3::1')).to.not.equal(rateLimitKey('2001:db8:1:2::1'));
            expect(rateLimitKey('64:ff9b::192.0.2.1')).to.equal('64:ff9b:0:0::/64');
            expect(rateLimitKey('fe80::1%eth0')).to.equal('fe80:0:0:0::/64');
        });
    });

    describe('behind a trusted proxy', () => {

        let app: TestApp;
        let restoreLog: () => void;

        before(async () => {

            restoreLog = captureMailLog().restore;
            app = await startTestApp({ TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8', RATE_LIMITS: 'on', RATE_LIMIT_SIGNIN: '2' });
        });

        after(async () => {

            await app.destroy();
            restoreLog();
        });

        const signIn = (remoteAddress: string, forwardedFor?: string) => {

            return app.browser().request({
                method: 'POST',
                url: '/auth/signin',
                payload: formFields('nobody@example.com'),
                headers: { rid: 'emailpassword', ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
                remoteAddress
            });
        };

        it('counts sign-in limits per client behind the proxy', async () => {

            expect((await signIn('10.0.0.5', '198.51.100.10')).statusCode).to.equal(200);
            expect((await signIn('10.0.0.6', '198.51.100.10, 10.0.0.5')).statusCode).to.equal(200);
            expect((await signIn('10.0.0.5', '198.51.100.10')).statusCode).to.equal(429);
            // Another client through the same proxy has its own allowance; so has the proxy itself.
            expect((await signIn('10.0.0.5', '198.51.100.11')).statusCode).to.equal(200);
            expect((await signIn('10.0.0.5')).statusCode).to.equal(200);
        });

        it('ignores X-Forwarded-For from an untrusted peer: a made-up header does not buy more tries', async () => {

            expect((await signIn('203.0.113.50', '198.51.100.20')).statusCode).to.equal(200);
            expect((await signIn('203.0.113.50', '198.51.100.21')).statusCode).to.equal(200);
            expect((await signIn('203.0.113.50', '198.51.100.22')).statusCode).to.equal(429);
        });

        it('falls back to the proxy for a malformed header', async () => {

            expect((await signIn('10.0.0.77', 'garbage')).statusCode).to.equal(200);
            expect((await signIn('10.0.0.77', '198.51.100.30, not-an-ip')).statusCode).to.equal(200);
            expect((await signIn('10.0.0.77')).statusCode).to.equal(429);            // all three counted for 10.0.0.77
        });

        it('counts IPv6 clients by their /64, through an IPv6 proxy or directly', async () => {

            expect((await signIn('fd00::1', '2001:db8:1:2::1')).statusCode).to.equal(200);
            expect((await signIn('fd00::1', '2001:db8:1:2::ffff')).statusCode).to.equal(200);
            expect((await signIn('2001:db8:1:2:abcd::9')).statusCode).to.equal(429);
            expect((await signIn('fd00::1', '2001:db8:1:3::1')).statusCode).to.equal(200);
        });

        it('sends the client address to the core\'s audit trail and keeps it in the session', async () => {

            const browser = app.browser();
            const res = await browser.request({ method: 'POST', url: '/auth/signup', payload: formFields('proxied@example.com'), headers: { rid: 'emailpassword', 'x-forwarded-for': '198.51.100.40, 10.1.1.1' }, remoteAddress: '::ffff:10.0.0.5' });
            const body = JSON.parse(res.payload);
            expect(body.status).to.equal('OK');

            const events = await auditEvents(app, body.user.id);
            expect(events.length).to.be.above(0);
            for (const event of events) {
                expect(event.ip, event.event).to.equal('198.51.100.40');
            }

            const info = await Session.getSessionInformation(await handleOf(browser));
            expect(sessionClientOf(info!.sessionDataInDatabase).ip).to.equal('198.51.100.40');
        });

        it('never builds links or redirects from X-Forwarded-Proto or X-Forwarded-Host', async () => {

            const forged = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '198.51.100.50', host: 'evil.example' };
            await app.browser().request({ method: 'POST', url: '/auth/signup', payload: formFields('linked@example.com'), headers: { rid: 'emailpassword' } });
            const res = await app.browser().request({ method: 'POST', url: '/auth/user/password/reset/token', payload: { formFields: [{ id: 'email', value: 'linked@example.com' }] }, headers: { rid: 'emailpassword', ...forged }, remoteAddress: '10.0.0.5' });
            expect(JSON.parse(res.payload).status).to.equal('OK');

            const [message] = await outboxTo(app.config.web.outboxDir, 'linked@example.com');
            expect(message!.links.length).to.be.above(0);
            for (const link of message!.links) {
                expect(new URL(link).origin).to.equal(new URL(app.config.web.websiteDomain).origin);
            }

            const redirect = await app.browser().request({ method: 'GET', url: '/dashboard', headers: forged, remoteAddress: '10.0.0.5' });
            expect(redirect.statusCode).to.be.within(300, 399);
            expect(redirect.headers.location as string).to.not.include('evil.example');
        });
    });
});
