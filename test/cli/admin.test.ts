import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserRoles from 'supertokens-node/recipe/userroles';

import { AdminTargetError, runAdminCommand } from '../../server/cli/admin';
import { adminRole } from '../../server/web/auth/roles';
import { useQuietApp } from '../helpers/quiet-app';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('npm run admin -- grant / revoke', () => {

    const app = useQuietApp(lab);

    const signUp = async (email: string) => {

        const res = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });
        return JSON.parse(res.payload).user.id as string;
    };

    const provider = async (sub: string, email: string, verified: boolean) => {

        const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', sub, email, verified);
        expect(created.status).to.equal('OK');
        return (created as { user: { id: string } }).user.id;
    };

    const roles = async (userId: string) => (await UserRoles.getRolesForUser('public', userId)).roles;

    it('grants to the one account that owns the address, not to a provider account that did not verify it', async () => {

        const owner = await signUp('ops@example.com');
        const unverified = await provider('gh-ops', 'ops@example.com', false);

        expect(await runAdminCommand('grant', 'Ops@Example.com')).to.equal({ userId: owner, changed: true });
        expect(await runAdminCommand('grant', 'ops@example.com')).to.equal({ userId: owner, changed: false });
        expect(await roles(owner)).to.equal([adminRole]);
        expect(await roles(unverified)).to.equal([]);

        expect(await runAdminCommand('revoke', 'ops@example.com')).to.equal({ userId: owner, changed: true });
        expect(await roles(owner)).to.equal([]);
    });

    it('refuses an ambiguous address, listing the candidates, and accepts a user id instead', async () => {

        const password = await signUp('lead@example.com');
        const github = await provider('gh-lead', 'lead@example.com', true);

        const err = await expect(runAdminCommand('grant', 'lead@example.com')).to.reject(AdminTargetError);
        expect(err.message).to.contain('ambiguous');
        expect((err as AdminTargetError).candidates).to.have.length(2);
        expect(err.message).to.contain(`${password}  emailpassword  not verified`);
        expect(err.message).to.contain(`${github}  github  verified`);
        expect(await roles(password)).to.equal([]);
        expect(await roles(github)).to.equal([]);

        expect(await runAdminCommand('grant', github)).to.equal({ userId: github, changed: true });
        expect(await roles(github)).to.equal([adminRole]);
        expect(await roles(password)).to.equal([]);
    });

    it('refuses an address no account owns, and an unknown email or id', async () => {

        const unverified = await provider('gh-temp', 'temp@example.com', false);
        const err = await expect(runAdminCommand('grant', 'temp@example.com')).to.reject(AdminTargetError);
        expect(err.message).to.contain('no account owns temp@example.com');
        expect(err.message).to.contain(`${unverified}  github  not verified`);

        await expect(runAdminCommand('grant', 'nobody@example.com')).to.reject(AdminTargetError, 'no user with the email nobody@example.com');
        await expect(runAdminCommand('revoke', '4b5ad2a3-0000-4000-8000-000000000000')).to.reject(AdminTargetError, /no user with the id/);
        expect(await roles(unverified)).to.equal([]);
    });
});
