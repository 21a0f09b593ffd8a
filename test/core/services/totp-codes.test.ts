import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { decodeBase32, encodeBase32, hotp, matchesTotp, newTotpSecret, totpAt } from '../../../server/core/services/totp-codes';
import { totpCode } from '../../helpers/totp';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('TOTP codes', () => {

    it('encodes and decodes RFC 4648 Base32 (the RFC\'s test vectors, without padding)', () => {

        const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
        for (const [text, base32] of vectors) {
            expect(encodeBase32(Buffer.from(text))).to.equal(base32);
            expect(decodeBase32(base32).toString()).to.equal(text);
        }

        expect(decodeBase32('mzxw6ytboi======').toString()).to.equal('foobar');
        expect(() => decodeBase32('MZ1')).to.throw('Invalid Base32 character');
    });

    it('makes 160-bit secrets of 32 Base32 characters, different each time', () => {

        const a = newTotpSecret();
        expect(a).to.match(/^[A-Z2-7]{32}$/);
        expect(decodeBase32(a)).to.have.length(20);
        expect(newTotpSecret()).to.not.equal(a);
    });

    it('gives the RFC 4226 HOTP test values', () => {

        const key = Buffer.from('12345678901234567890');
        expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((counter) => hotp(key, counter))).to.equal(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
    });

    it('agrees with the tests\' own RFC 6238 implementation', () => {

        const secret = newTotpSecret();
        for (const time of [0, 29_999, 30_000, 1_234_567_890_000, Date.now()]) {
            expect(totpAt({ secret, period: 30 }, time)).to.equal(totpCode(secret, time));
            expect(totpAt({ secret, period: 7 }, time)).to.equal(totpCode(secret, time, 7));
        }
    });

    it('matches codes within the skew only, and none before time zero', () => {

        const secret = newTotpSecret();
        const device = { secret, period: 30, skew: 2 };
        const now = 1_800_000_000_000;
        for (let i = -2; i <= 2; ++i) {
            expect(matchesTotp(device, totpCode(secret, now + i * 30_000), now)).to.be.true();
        }

        expect(matchesTotp({ ...device, skew: 1 }, totpCode(secret, now + 60_000), now)).to.be.false();
        // At time zero the periods before it do not exist.
        expect(matchesTotp(device, totpCode(secret, 0), 0)).to.be.true();
        expect(matchesTotp(device, '', 0)).to.be.false();
    });
});
