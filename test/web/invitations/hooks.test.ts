import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserRoles from 'supertokens-node/recipe/userroles';

import { CoreExtensions } from '../../../server/web/core-extensions';
import { invitationHooks } from '../../../server/web/invitations/hooks';
import { coreRequest } from '../../helpers/core-api';
import { signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';
import { invite } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Invitation hooks for the sign-up policy', () => {

    let app: TestApp;
    let hooks: ReturnType<typeof invitationHooks>;

    before(async () => {

        app = await startTestApp();
        hooks = invitationHooks(new CoreExtensions({ uri: app.core!.uri, apiKey: app.core!.services.settings.apiKeys[0] }));
        await UserRoles.createNewRoleOrAddPermissions('support', []);
    });

    after(async () => {

        await app.destroy();
    });

    const stateOf = async (invitationId: string) => {

        const { invitations } = await coreRequest(app, 'GET', '/staffgate/invitations');
        return invitations.find((row: any) => row.invitationId === invitationId).state;
    };

    it('lookup finds the usable invitation of an address, in any case', async () => {

        const { invitationId } = await invite(app, 'lookup@example.com', ['support']);
        expect(await hooks.lookup('Lookup@Example.com')).to.equal({ invitationId, roles: ['support'] });
        expect(await hooks.lookup('nobody@example.com')).to.be.undefined();
        await coreRequest(app, 'POST', '/staffgate/invitations/revoke', { invitationId });
        expect(await hooks.lookup('lookup@example.com')).to.be.undefined();
    });

    it('onInvitedSignUp accepts the invitation and gives the roles to an account with the verified invited email', async () => {

        const { invitationId } = await invite(app, 'tp.invitee@example.com', ['support']);
        const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', 'gh-tp', 'tp.invitee@example.com', true);
        expect(created.status).to.equal('OK');
        const userId = created.status === 'OK' ? created.user.id : '';

        await hooks.onInvitedSignUp((await hooks.lookup('tp.invitee@example.com'))!, userId);
        expect(await stateOf(invitationId)).to.equal('accepted');
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal(['support']);

        // Again (the link's path got there too): no change, no error.
        await hooks.onInvitedSignUp({ invitationId, roles: ['support'] }, userId);
        expect(await stateOf(invitationId)).to.equal('accepted');
    });

    it('onInvitedSignUp gives nothing to an account whose email nobody verified', async () => {

        const { invitationId } = await invite(app, 'typed.in@example.com', ['support']);
        const userId = await signUp(app.browser(), 'typed.in@example.com');
        const invitation = (await hooks.lookup('typed.in@example.com'))!;
        await hooks.onInvitedSignUp(invitation, userId);
        expect(await stateOf(invitationId)).to.equal('pending');
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([]);
        expect(await EmailVerification.isEmailVerified(SuperTokens.convertToRecipeUserId(userId), 'typed.in@example.com')).to.be.false();
    });
});
