import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { get, post, put } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('CDI passwordless (HTTP)', () => {

    let core: TestCore;

    const createCode = async (body: object) => {

        const res = await post(core.uri, '/public/recipe/signinup/code', body);
        expect(res.status).to.equal(200);
        return res.json;
    };

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('answers 400 for a consume with both proofs, or half of one', async () => {

        const code = await createCode({ email: 'proofs@example.com' });
        const { preAuthSessionId, linkCode, deviceId, userInputCode } = code;
        for (const body of [{ preAuthSessionId, linkCode, deviceId, userInputCode }, { preAuthSessionId, deviceId }, { preAuthSessionId, userInputCode }]) {
            const res = await post(core.uri, '/public/recipe/signinup/code/consume', body);
            expect(res.status).to.equal(400);
            expect(res.text).to.equal('Please provide exactly one of linkCode or deviceId+userInputCode\n');
        }
    });

    it('keeps a phone number that does not parse as given, trimmed', async () => {

        const code = await createCode({ phoneNumber: ' 12345 ' });
        const { json } = await get(core.uri, '/recipe/signinup/codes?phoneNumber=12345');
        expect(json.devices.map((device: { preAuthSessionId: string; phoneNumber: string }) => [device.preAuthSessionId, device.phoneNumber])).to.equal([[code.preAuthSessionId, '12345']]);
    });

    it('answers create with exactly the official keys, and consume with exactly five', async () => {

        const code = await createCode({ email: 'keys@example.com', shouldTryLinkingWithSessionUser: false });
        expect(Object.keys(code).sort()).to.equal(['codeId', 'codeLifetime', 'deviceId', 'linkCode', 'preAuthSessionId', 'status', 'timeCreated', 'userInputCode']);
        expect(code.deviceId).to.match(/^[A-Za-z0-9+/]{43}=$/);
        expect(code.preAuthSessionId).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect(code.linkCode).to.match(/^[A-Za-z0-9_-]{43}$/);

        const checked = await post(core.uri, '/public/recipe/signinup/code/check', { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
        expect(checked.json).to.equal({ status: 'OK', consumedDevice: { preAuthSessionId: code.preAuthSessionId, failedCodeInputAttemptCount: 0, email: 'keys@example.com' } });

        const consumed = await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
        expect(Object.keys(consumed.json).sort()).to.equal(['consumedDevice', 'createdNewUser', 'recipeUserId', 'status', 'user']);
        expect(Object.keys(consumed.json.user)).to.have.length(9);
    });

    it('answers 400 with the official texts for malformed input', async () => {

        const bad = async (method: 'GET' | 'POST', path: string, body?: object) => {

            const res = method === 'GET' ? await get(core.uri, path) : await post(core.uri, path, body);
            expect(res.status).to.equal(400);
            return res.text.trimEnd();                                   // text errors end with a newline
        };

        expect(await bad('POST', '/public/recipe/signinup/code', { email: 'a@example.com', phoneNumber: '+12025550100' })).to.equal('Please provide exactly one of email, phoneNumber or deviceId');
        expect(await bad('POST', '/public/recipe/signinup/code', {})).to.equal('Please provide exactly one of email, phoneNumber or deviceId');
        expect(await bad('POST', '/public/recipe/signinup/code', { email: 'a@example.com', userInputCode: '' })).to.equal('userInputCode cannot be an empty string.');
        expect(await bad('POST', '/public/recipe/signinup/code', { deviceId: 'not*base64' })).to.equal('Input encoding error in deviceId');
        expect(await bad('POST', '/public/recipe/signinup/code/consume', { preAuthSessionId: 'x', linkCode: 'a', deviceId: 'b', userInputCode: 'c' })).to.equal('Please provide exactly one of linkCode or deviceId+userInputCode');
        expect(await bad('POST', '/public/recipe/signinup/code/consume', { linkCode: 'abc' })).to.equal('Field name \'preAuthSessionId\' is invalid in JSON input');
        expect(await bad('POST', '/public/recipe/signinup/code/consume', { preAuthSessionId: 'x', linkCode: 'a+b' })).to.equal('Input encoding error in linkCode');
        expect(await bad('GET', '/public/recipe/signinup/codes')).to.equal('Please provide exactly one of email, phoneNumber, deviceId or preAuthSessionId');
        expect(await bad('GET', '/public/recipe/signinup/codes?email=a%40b.c&phoneNumber=1')).to.equal('Please provide exactly one of email, phoneNumber, deviceId or preAuthSessionId');
        expect(await bad('POST', '/public/recipe/signinup/code/remove', {})).to.equal('Please provide either \'codeId\' or \'preAuthSessionId\'');
        expect(await bad('POST', '/public/recipe/signinup/code/remove', { codeId: 'a', preAuthSessionId: 'b' })).to.equal('Please provide only one of \'codeId\' or \'preAuthSessionId\'');
        expect(await bad('POST', '/public/recipe/signinup/codes/remove', { email: 'a@example.com', phoneNumber: '+1' })).to.equal('Please provide exactly one of email or phoneNumber');
    });

    it('lists by phone number, revokes a device by preAuthSessionId, and accepts unknown ids', async () => {

        const code = await createCode({ phoneNumber: '+1 202 555 0101' });
        const listed = await get(core.uri, `/public/recipe/signinup/codes?phoneNumber=${encodeURIComponent('+12025550101')}`);
        expect(listed.json.devices).to.equal([{
            preAuthSessionId: code.preAuthSessionId,
            failedCodeInputAttemptCount: 0,
            phoneNumber: '+12025550101',
            codes: [{ codeId: code.codeId, timeCreated: code.timeCreated, codeLifetime: 900_000 }]
        }]);

        const byDevice = await get(core.uri, `/public/recipe/signinup/codes?deviceId=${encodeURIComponent(code.deviceId)}`);
        expect(byDevice.json.devices).to.have.length(1);

        expect((await post(core.uri, '/public/recipe/signinup/code/remove', { preAuthSessionId: code.preAuthSessionId })).json).to.equal({ status: 'OK' });
        expect((await get(core.uri, `/public/recipe/signinup/codes?preAuthSessionId=${code.preAuthSessionId}`)).json).to.equal({ status: 'OK', devices: [] });
        expect((await post(core.uri, '/public/recipe/signinup/code/remove', { codeId: 'unknown' })).json).to.equal({ status: 'OK' });
        expect((await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode })).json)
            .to.equal({ status: 'RESTART_FLOW_ERROR' });
    });

    it('updates a passwordless user through PUT /recipe/user with rid passwordless, and refuses to clear both contacts', async () => {

        const code = await createCode({ email: 'update@example.com' });
        const { json: { user } } = await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
        const update = (body: object) => put(core.uri, '/recipe/user', body, { rid: 'passwordless' });

        const cleared = await update({ recipeUserId: user.id, email: null, phoneNumber: null });
        expect(cleared.status).to.equal(400);
        expect(cleared.text).to.equal('You cannot clear both email and phone number of a user\n');
        expect((await update({ recipeUserId: user.id, email: null })).text).to.equal('You cannot clear both email and phone number of a user\n');

        const anonymous = await update({ phoneNumber: '+12025550102' });
        expect(anonymous.status).to.equal(400);
        expect(anonymous.text).to.equal('Field name \'recipeUserId\' is invalid in JSON input\n');
        expect((await update({ userId: user.id, phoneNumber: '+12025550102' })).json).to.equal({ status: 'OK' });
        expect((await update({ recipeUserId: user.id, email: null })).json).to.equal({ status: 'OK' });
        const { json: later } = await get(core.uri, `/user/id?userId=${user.id}`);
        expect(later.user.emails).to.equal([]);
        expect(later.user.phoneNumbers).to.equal(['+12025550102']);
    });

    it('refuses a banned user\'s sign-in, after the code is spent', async () => {

        const first = await createCode({ email: 'banned@example.com' });
        const { json: { user } } = await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: first.preAuthSessionId, linkCode: first.linkCode });
        expect((await post(core.uri, '/staffgate/ban', { userId: user.id })).json.status).to.equal('OK');

        const next = await createCode({ email: 'banned@example.com' });
        expect((await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: next.preAuthSessionId, linkCode: next.linkCode })).json).to.equal({ status: 'RESTART_FLOW_ERROR' });
        const { json: audit } = await get(core.uri, `/staffgate/audit?userId=${user.id}`);
        expect(audit.events.map((event: { event: string }) => event.event)).to.include(['sign_up', 'sign_in_failed']);
    });
});
