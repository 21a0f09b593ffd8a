import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';

import { dropSchema, fastHashing } from '../helpers/core';
import { spawnCore, waitForHello, type CoreProcess } from '../helpers/processes';
import { initSdk } from '../helpers/sdk';
import { decodeJwt, sleep } from '../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const pgUrl = process.env.TEST_PG_URL;
const rotationHours = 0.001;                        // a new signing key every 3.6 s


// Skipped without TEST_PG_URL (CI sets it).
describe('two core processes on one PostgreSQL', { skip: !pgUrl }, () => {

    const schema = `test_multi_${Crypto.randomBytes(4).toString('hex')}`;
    let coreA: CoreProcess;
    let coreB: CoreProcess;

    const query = async (sql: string) => {

        const { Client } = require('pg');

        const client = new Client({ connectionString: pgUrl });
        await client.connect();
        try {
            return (await client.query(sql)).rows;
        }
        finally {
            await client.end();
        }
    };

    before(async () => {

        await query(`CREATE SCHEMA ${schema}`);
        const env = {
            ...fastHashing,
            DATABASE_URL: `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
            CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: String(rotationHours)
        };

        // Both start at once on an empty schema: the migrations must still run exactly once.
        [coreA, coreB] = await Promise.all([spawnCore(env), spawnCore(env)]);
        await Promise.all([waitForHello(coreA), waitForHello(coreB)]);
    });

    after(async () => {

        for (const core of [coreA, coreB]) {
            core?.child.kill('SIGTERM');
            await core?.exited;
        }

        await dropSchema(schema);
    });

    it('applied each migration once although both processes started together', async () => {

        const rows = await query(`SELECT version, COUNT(*)::int AS n FROM ${schema}.schema_migrations GROUP BY version`);
        expect(rows.length as number).to.be.at.least(2);
        expect(rows.every((row: { n: number }) => row.n === 1)).to.be.true();
    });

    it('verifies, refreshes and revokes through one core a session created through the other', async () => {

        initSdk(coreA.uri);
        const email = `multi-${Crypto.randomUUID()}@example.com`;
        const signUp = await EmailPassword.signUp('public', email, 'a long password');
        expect(signUp.status).to.equal('OK');
        const created = await Session.createNewSessionWithoutRequestResponse('public', (signUp as any).recipeUserId);
        const handle = created.getHandle();
        const first = created.getAllSessionTokensDangerously();

        initSdk(coreB.uri);
        const verified = await Session.getSessionWithoutRequestResponse(first.accessToken, undefined, { checkDatabase: true });
        expect(verified.getHandle()).to.equal(handle);
        const refreshed = await Session.refreshSessionWithoutRequestResponse(first.refreshToken!);
        const second = refreshed.getAllSessionTokensDangerously();
        expect(second.refreshToken).to.not.equal(first.refreshToken);

        initSdk(coreA.uri);
        const promoted = await Session.getSessionWithoutRequestResponse(second.accessToken, undefined, { checkDatabase: true });
        expect(promoted.getHandle()).to.equal(handle);
        const signIn = await EmailPassword.signIn('public', email, 'a long password');
        expect(signIn.status).to.equal('OK');

        // The superseded first token is theft, whichever core sees it.
        initSdk(coreB.uri);
        const theft = await Session.refreshSessionWithoutRequestResponse(first.refreshToken!).catch((err) => err);
        expect(theft.type).to.equal('TOKEN_THEFT_DETECTED');

        expect(await Session.revokeSession(handle)).to.be.true();
        initSdk(coreA.uri);
        const afterRevoke = await Session.getSessionWithoutRequestResponse(second.accessToken, undefined, { checkDatabase: true }).catch((err) => err);
        expect(afterRevoke.type).to.equal('UNAUTHORISED');
    });

    it('shares signing keys and rotates them once per interval, not once per process', async () => {

        const kidsSeen = new Set<string>();
        const createOn = async (core: CoreProcess) => {

            const res = await fetch(`${core.uri}/public/recipe/session`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ userId: 'u', userDataInJWT: {}, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false })
            });
            const body = await res.json() as any;
            return decodeJwt(body.accessToken.token).header.kid;
        };

        // Over two rotation intervals, both cores sign at the same moments.
        const until = Date.now() + 2.2 * rotationHours * 3_600_000;
        while (Date.now() < until) {
            const [kidA, kidB] = await Promise.all([createOn(coreA), createOn(coreB)]);
            expect(kidA).to.startWith('d-');
            kidsSeen.add(kidA);
            kidsSeen.add(kidB);
            await sleep(150);
        }

        expect(kidsSeen.size).to.be.at.least(2);

        const perSlot = await query(`SELECT generation, COUNT(*)::int AS n FROM ${schema}.signing_keys WHERE kind = 'dynamic' GROUP BY generation`);
        expect(perSlot.every((row: { n: number }) => row.n === 1), JSON.stringify(perSlot)).to.be.true();

        const [jwksA, jwksB] = await Promise.all([coreA, coreB].map(async (core) => (await fetch(`${core.uri}/.well-known/jwks.json`)).json()));
        expect(jwksA).to.equal(jwksB);
        for (const kid of kidsSeen) {
            expect((jwksA as any).keys.map((key: { kid: string }) => key.kid)).to.include(kid);
        }
    });
});
