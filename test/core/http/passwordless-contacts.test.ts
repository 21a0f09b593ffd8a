import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { get, post, put } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


for (const adapter of testAdapters()) {

    describe(`CDI passwordless, users with an email and a phone number (HTTP, ${adapter})`, () => {

        let core: TestCore;

        const createCode = async (body: object) => {

            const res = await post(core.uri, '/public/recipe/signinup/code', body);
            expect(res.json.status).to.equal('OK');
            return res.json;
        };

        const consume = async (code: { preAuthSessionId: string; linkCode: string }) => {

            const res = await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
            expect(res.json.status).to.equal('OK');
            return res.json.user;
        };

        const update = (body: object) => put(core.uri, '/recipe/user', body, { rid: 'passwordless' });

        const pending = async (query: string) => (await get(core.uri, `/public/recipe/signinup/codes?${query}`)).json.devices.length;

        const auditOf = async (userId: string): Promise<string[]> => {

            const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}`);
            return json.events.map((event: { event: string }) => event.event);
        };

        before(async () => {

            core = await startTestCore({ adapter });
        });

        after(async () => {

            await core.destroy();
        });

        it('a sign-in with the phone number ends the pending codes of the email, and the other way round', async () => {

            const user = await consume(await createCode({ email: 'both@example.com' }));
            expect((await update({ recipeUserId: user.id, phoneNumber: '+12025550140' })).json).to.equal({ status: 'OK' });

            await createCode({ email: 'both@example.com' });
            expect(await pending('email=both@example.com')).to.equal(1);
            const byPhone = await consume(await createCode({ phoneNumber: '+12025550140' }));
            expect(byPhone.id).to.equal(user.id);
            expect(await pending('email=both@example.com')).to.equal(0);

            await createCode({ phoneNumber: '+12025550140' });
            expect(await pending('phoneNumber=%2B12025550140')).to.equal(1);
            const byEmail = await consume(await createCode({ email: 'both@example.com' }));
            expect(byEmail.id).to.equal(user.id);
            expect(await pending('phoneNumber=%2B12025550140')).to.equal(0);
        });

        it('a phone-only user signs in by phone and keeps codes sent to an email nobody holds', async () => {

            const user = await consume(await createCode({ phoneNumber: '+12025550141' }));
            await createCode({ email: 'stranger@example.com' });
            expect((await consume(await createCode({ phoneNumber: '+12025550141' }))).id).to.equal(user.id);
            expect(await pending('email=stranger@example.com')).to.equal(1);
        });

        it('refuses an email or a phone number that another user holds, and an unknown user', async () => {

            const first = await consume(await createCode({ email: 'first@example.com' }));
            const second = await consume(await createCode({ phoneNumber: '+12025550142' }));

            expect((await update({ recipeUserId: second.id, email: 'first@example.com' })).json).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });
            expect((await update({ recipeUserId: first.id, phoneNumber: '+12025550142' })).json).to.equal({ status: 'PHONE_NUMBER_ALREADY_EXISTS_ERROR' });
            expect((await update({ recipeUserId: '5ba6a4a4-9a4d-4c7d-9a3c-3d8e3b0d0c11', email: 'new@example.com' })).json).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });

            const { json } = await get(core.uri, `/user/id?userId=${second.id}`);
            expect(json.user.emails).to.equal([]);
        });

        it('audits email_changed only when the email changes', async () => {

            const user = await consume(await createCode({ email: 'same@example.com' }));
            expect((await update({ recipeUserId: user.id, email: 'Same@Example.com' })).json).to.equal({ status: 'OK' });
            expect((await update({ recipeUserId: user.id, phoneNumber: '+12025550143' })).json).to.equal({ status: 'OK' });
            expect(await auditOf(user.id)).to.not.include('email_changed');

            expect((await update({ recipeUserId: user.id, email: 'changed@example.com' })).json).to.equal({ status: 'OK' });
            expect(await auditOf(user.id)).to.include('email_changed');
        });

        it('answers USER_INPUT_CODE_ALREADY_USED_ERROR for a resend with a user input code the device already has', async () => {

            const code = await createCode({ email: 'resend@example.com', userInputCode: '424242' });
            const again = await post(core.uri, '/public/recipe/signinup/code', { deviceId: code.deviceId, userInputCode: '424242' });
            expect(again.json).to.equal({ status: 'USER_INPUT_CODE_ALREADY_USED_ERROR' });

            const other = await createCode({ deviceId: code.deviceId, userInputCode: '434343' });
            expect(other.preAuthSessionId).to.equal(code.preAuthSessionId);
            const { json } = await get(core.uri, `/public/recipe/signinup/codes?preAuthSessionId=${code.preAuthSessionId}`);
            expect(json.devices[0].codes).to.have.length(2);
        });
    });
}
