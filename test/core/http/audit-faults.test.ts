import * as Crypto from 'crypto';

import Database from 'better-sqlite3';
import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { get, post, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('an audit row that cannot be written', () => {

    let core: TestCore;
    const logged: { tags: string[]; error: unknown }[] = [];

    before(async () => {

        core = await startTestCore();
        core.server.events.on('log', (event) => logged.push({ tags: event.tags, error: event.error }));

        // A real write failure on the audit table only, from outside the core.
        const db = new Database(core.settings.sqliteFile);
        db.exec('CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, \'audit table refused\'); END');
        db.close();
    });

    after(async () => {

        await core.destroy();
    });

    it('does not fail the operation it describes, and goes to the log', async () => {

        const email = `audit-fault-${Crypto.randomUUID()}@example.com`;
        const user = await signUp(core.uri, email);
        const signIn = await post(core.uri, '/public/recipe/signin', { email, password: 'correct horse 1' });
        expect(signIn.status).to.equal(200);
        expect(signIn.json.status).to.equal('OK');
        expect(signIn.json.user.id).to.equal(user.id);

        const errors = logged.filter((entry) => entry.tags.includes('audit'));
        expect(errors.length).to.equal(2);                                  // the sign-up and the sign-in
        expect(errors[0]!.error).to.be.an.error(/audit table refused/);
        expect((await get(core.uri, `/staffgate/audit/count?userId=${user.id}`)).json.count).to.equal(0);
    });

    it('answers the web app\'s own event OK (it is recorded on a best-effort basis, like the others)', async () => {

        const res = await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed', details: { role: 'x' } });
        expect(res.json).to.equal({ status: 'OK' });
        expect(logged.filter((entry) => entry.tags.includes('audit')).length).to.equal(3);
    });
});
