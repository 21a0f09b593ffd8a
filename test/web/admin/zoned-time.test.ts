import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { isTimeZone, zonedToInstant } from '../../../server/web/admin/zoned-time';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const instant = (wall: string, zone: string) => new Date(zonedToInstant(Date.parse(`${wall}Z`), zone)).toISOString();


describe('Zoned times', () => {

    it('knows IANA zones and refuses anything else', () => {

        expect(isTimeZone('Europe/Paris')).to.be.true();
        expect(isTimeZone('UTC')).to.be.true();
        expect(isTimeZone('Mars/Olympus')).to.be.false();
        expect(isTimeZone('')).to.be.false();
    });

    it('turns a wall-clock time in a zone into the instant, either side of daylight saving', () => {

        expect(instant('2026-07-01T12:00', 'UTC')).to.equal('2026-07-01T12:00:00.000Z');
        expect(instant('2026-07-01T12:00', 'Europe/Paris')).to.equal('2026-07-01T10:00:00.000Z');
        expect(instant('2026-01-01T12:00', 'Europe/Paris')).to.equal('2026-01-01T11:00:00.000Z');
        expect(instant('2026-06-01T00:00', 'America/Los_Angeles')).to.equal('2026-06-01T07:00:00.000Z');
        expect(instant('2026-06-01T00:00', 'Asia/Kolkata')).to.equal('2026-05-31T18:30:00.000Z');
        expect(instant('2026-01-01T00:00:30', 'Australia/Adelaide')).to.equal('2025-12-31T13:30:30.000Z');
    });

    it('reads a repeated time as its first occurrence, and a skipped one with the offset before the change', () => {

        expect(instant('2026-10-25T02:30', 'Europe/Paris')).to.equal('2026-10-25T00:30:00.000Z');
        expect(instant('2026-03-29T02:30', 'Europe/Paris')).to.equal('2026-03-29T01:30:00.000Z');
    });
});
