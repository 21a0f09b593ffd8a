import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { parseInviteArgs } from '../../server/cli/invite';
import { coreRequest } from '../helpers/core-api';
import { linkTo, outboxTo } from '../helpers/outbox';
import { signUp } from '../helpers/pages';
import { startTestApp, type TestApp } from '../helpers/web';
import { runCli } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('npm run admin -- invite', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
        await UserRoles.createNewRoleOrAddPermissions('support', []);
        await UserRoles.createNewRoleOrAddPermissions('reports', []);
    });

    after(async () => {

        await app.destroy();
    });

    // The command beside the running app, on its data (a temporary embedded core on the same SQLite file).
    const admin = (...args: string[]) => runCli('server/cli/admin.ts', args, { DATA_DIR: app.dataDir, INVITATION_LIFETIME_HOURS: '48' });

    it('parses one address and any number of roles', () => {

        expect(parseInviteArgs(['Kim@Example.com', '--role', 'support', '--role=reports'])).to.equal({ email: 'kim@example.com', roles: ['support', 'reports'] });
        expect(parseInviteArgs(['kim@example.com'])).to.equal({ email: 'kim@example.com', roles: [] });
        expect(() => parseInviteArgs(['kim@example.com', 'lee@example.com'])).to.throw(/usage/);
        expect(() => parseInviteArgs(['not-an-address'])).to.throw(/usage/);
        expect(() => parseInviteArgs(['kim@example.com', '--role'])).to.throw(/usage/);
        expect(() => parseInviteArgs(['kim@example.com', '--admin'])).to.throw(/usage/);
    });

    it('invites with roles and sends the link; refuses an address with an account and an unknown role', async () => {

        const invited = await admin('invite', 'Kim@Example.com', '--role', 'support', '--role', 'reports');
        expect(invited.output).to.contain('invited kim@example.com with support, reports: the link was sent and works for 48 hours');
        expect(invited.code).to.equal(0);
        expect(invited.output).to.not.match(/token=/);

        const [mail] = await outboxTo(app.config.web.outboxDir, 'kim@example.com');
        expect(mail!.text).to.contain('it works once, for 2 days');
        const token = linkTo(mail!, '/auth/invite').searchParams.get('token')!;
        const check = await coreRequest(app, 'POST', '/staffgate/invitations/check', { token });
        expect(check.status).to.equal('OK');
        expect(check.invitation.roles).to.equal(['support', 'reports']);

        await signUp(app.browser(), 'member@example.com');
        const member = await admin('invite', 'member@example.com');
        expect(member.code).to.equal(1);
        expect(member.output).to.contain('member@example.com already has an account: nothing sent');

        const unknown = await admin('invite', 'new.person@example.com', '--role', 'no-such-role');
        expect(unknown.code).to.equal(1);
        expect(unknown.output).to.contain('there is no role named no-such-role');
        expect(await outboxTo(app.config.web.outboxDir, 'new.person@example.com')).to.equal([]);

        const usage = await admin('invite');
        expect(usage.code).to.equal(2);
        expect(usage.output).to.contain('invite <email> [--role <name>]');
    });
});
