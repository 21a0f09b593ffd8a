import * as Code from '@hapi/code';
import * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';

import { CoreExtensions, ExtensionResponseError, ExtensionUnavailableError } from '../../server/web/core-extensions';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('CoreExtensions', () => {

    // A stand-in for a core: each path answers what the test put in `answers` (a 404 for the rest).
    const answers = new Map<string, { status: number; body: unknown }>();
    let server: Hapi.Server;
    let extensions: CoreExtensions;

    before(async () => {

        server = Hapi.server({ host: '127.0.0.1', port: 0 });
        server.route({
            method: '*',
            path: '/{path*}',
            handler: (request, h) => {

                const answer = answers.get(request.path);
                return answer ? h.response(answer.body as object).code(answer.status) : h.response().code(404);
            }
        });

        await server.start();
        extensions = new CoreExtensions({ uri: server.info.uri, apiKey: 'key' });
    });

    after(() => server.stop());

    it('reads a well-formed answer, with a null read as absent and unknown keys allowed', async () => {

        const lockout = { status: 'OK', failures: 2, locked: false, lastFailureAt: 1000, lockedUntil: null, extra: 1 };
        const page = { status: 'OK', events: [], nextCursor: null };
        const twoFactor = { status: 'OK', enabled: false, devices: [], recoveryCodes: { total: 0, remaining: 0 } };
        answers.set('/staffgate/user-overview', { status: 200, body: { status: 'OK', ban: { status: 'OK', banned: false }, lockout, audit: page, refreshes: page, twoFactor, sessionEnds: { status: 'OK', sessions: [] } } });
        const overview = await extensions.userOverview('u1', { auditLimit: 25, refreshLimit: 500 });
        expect(overview.lockout.failures).to.equal(2);
        expect(overview.lockout.lastFailureAt).to.equal(1000);
        expect(overview.lockout.lockedUntil).to.be.undefined();
        expect(overview.audit.nextCursor).to.be.undefined();

        answers.set('/staffgate/user-overview', { status: 200, body: { status: 'OK', ban: { status: 'OK', banned: false }, lockout, audit: page, refreshes: page, twoFactor } });
        await expect(extensions.userOverview('u1', { auditLimit: 25, refreshLimit: 500 })).to.reject(ExtensionResponseError, /"sessionEnds" is required/);
    });

    it('answers a body of the wrong shape with an ExtensionResponseError', async () => {

        answers.set('/staffgate/sessions/count', { status: 200, body: { status: 'OK', count: 'many' } });
        const err = await expect(extensions.countLiveSessions()).to.reject(ExtensionResponseError);
        expect(err.message).to.contain('GET /staffgate/sessions/count');
        expect(err.message).to.contain('"count" must be a number');

        answers.set('/staffgate/audit', { status: 200, body: { status: 'OK', events: [{ id: 1, event: 'sign_in' }] } });
        await expect(extensions.listAudit({})).to.reject(ExtensionResponseError, /"events\[0\]\.time" is required/);
    });

    it('answers a body that is not JSON with an ExtensionResponseError', async () => {

        answers.set('/staffgate/unban', { status: 200, body: 'not json' });
        await expect(extensions.unbanUser('u1', {})).to.reject(ExtensionResponseError, /unexpected body/);
    });

    it('answers an error status with an ExtensionResponseError, and a 404 as the extension missing', async () => {

        answers.set('/staffgate/lockout/reset', { status: 500, body: { message: 'broken' } });
        const failed = await expect(extensions.clearLockout('u1', {})).to.reject(ExtensionResponseError, 'core answered 500 to POST /staffgate/lockout/reset: {"message":"broken"}');
        expect(failed.status).to.equal(500);

        answers.delete('/staffgate/user-overview');
        await expect(extensions.userOverview('u1', { auditLimit: 25, refreshLimit: 500 })).to.reject(ExtensionUnavailableError);
    });

    it('does not take a malformed answer for the extensions being there', async () => {

        answers.set('/staffgate/lockouts', { status: 200, body: { status: 'OK' } });
        await expect(extensions.available()).to.reject(ExtensionResponseError);

        answers.set('/staffgate/lockouts', { status: 200, body: { status: 'OK', accounts: [{ userId: 'u1', failures: 5, locked: true, lockedUntil: 2000 }] } });
        expect(await extensions.available()).to.be.true();
        expect(await extensions.lockedAccounts()).to.equal([{ userId: 'u1', failures: 5, locked: true, lockedUntil: 2000 }]);
    });
});
