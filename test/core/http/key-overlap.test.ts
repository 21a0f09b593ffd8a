import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startCore } from '../../../server/core';
import { startTestCore, testClock, type TestClock, type TestCore } from '../../helpers/core';
import { createSession, decodeJwt, get, verifyAccessToken } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('a new dynamic signing key during the overlap (HTTP, injected clock)', () => {

    let core: TestCore;
    let clock: TestClock;

    before(async () => {

        clock = testClock();
        // One hour between keys: the next key is made a minute (the overlap) before the current one's hour is over.
        core = await startTestCore({ clock: clock.now, env: { CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: '1' } });
    });

    after(async () => {

        await core.destroy();
    });

    const kidOfNewSession = async () => {

        const session = await createSession(core.uri, 'overlap-user');
        expect((await verifyAccessToken(core.uri, session.accessToken.token, true)).status).to.equal('OK');
        return decodeJwt(session.accessToken.token).header.kid as string;
    };

    it('publishes the new key at once but signs with the previous one until its hour is over', async () => {

        const first = await kidOfNewSession();
        const firstCreated = Number(first.slice(2));

        clock.advance(firstCreated + 3_600_000 - 30_000 - clock.now());            // inside the last minute
        expect(await kidOfNewSession()).to.equal(first);
        const { json } = await get(core.uri, '/.well-known/jwks.json');
        const kids = json.keys.map((key: { kid: string }) => key.kid).filter((kid: string) => kid.startsWith('d-'));
        expect(kids).to.have.length(2);
        expect(kids[1]).to.equal(first);

        clock.advance(31_000);                                                      // the first key's hour is over
        expect(await kidOfNewSession()).to.equal(kids[0]);

        clock.advance(60_000);                                                      // the new key is past the overlap
        expect(await kidOfNewSession()).to.equal(kids[0]);
    });

    it('takes the next key another core made on the same database instead of making one of its own', async () => {

        const other = await startCore({ settings: { ...core.settings, port: 0 }, clock: clock.now });
        try {
            const kidFrom = async (uri: string) => decodeJwt((await createSession(uri, 'shared-user')).accessToken.token).header.kid as string;
            const current = Number((await kidFrom(core.uri)).slice(2));
            expect(Number((await kidFrom(other.uri)).slice(2))).to.equal(current);

            clock.advance(current + 3_600_000 + 1_000 - clock.now());               // both cores see the next key due
            const made = await kidFrom(core.uri);
            expect(Number(made.slice(2))).to.be.above(current);
            expect(await kidFrom(other.uri)).to.equal(made);

            const { json } = await get(other.uri, '/.well-known/jwks.json');
            expect(json.keys.filter((key: { kid: string }) => key.kid === made)).to.have.length(1);
        }
        finally {
            await other.stop();
        }
    });
});
