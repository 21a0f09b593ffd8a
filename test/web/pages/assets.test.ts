import * as Fs from 'fs';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const root = Path.join(__dirname, '..', '..', '..');


describe('static assets', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('serves the stylesheet and page scripts with an hour of public caching', async () => {

        for (const file of ['css/app.css', 'js/init.js', 'js/sign-in.js', 'js/callback.js', 'js/reset-password.js', 'js/verify-email.js', 'js/refresh.js', 'js/local-times.js', 'js/password.js', 'js/password-strength.js', 'img/favicon.svg']) {
            const res = await app.browser().get(`/public/${file}`);
            expect(res.statusCode, file).to.equal(200);
            expect(res.headers['cache-control'], file).to.equal('max-age=3600, must-revalidate, public');
            expect(res.payload, file).to.equal(Fs.readFileSync(Path.join(root, 'public', file), 'utf8'));
        }

        expect((await app.browser().get('/public/css/app.css')).headers['content-type']).to.contain('text/css');
        expect((await app.browser().get('/public/js/init.js')).headers['content-type']).to.contain('javascript');
    });

    it('lists no directory and serves nothing outside public/', async () => {

        for (const path of ['/public', '/public/', '/public/js', '/public/js/', '/public/../package.json', '/public/%2e%2e/package.json', '/public/..%2fpackage.json']) {
            const res = await app.browser().get(path);
            expect(res.statusCode, path).to.be.within(400, 404);
            expect(res.payload, path).to.not.contain('init.js');
            expect(res.payload, path).to.not.contain('"name": "staffgate"');
        }
    });

    it('serves the supertokens-web-js bundles by recipe name, each defining its global', async () => {

        for (const [name, global] of [['website', 'supertokensWebsite'], ['supertokens', 'supertokens'], ['session', 'supertokensSession'], ['emailpassword', 'supertokensEmailPassword'], ['thirdparty', 'supertokensThirdParty'], ['emailverification', 'supertokensEmailVerification']]) {
            const res = await app.browser().get(`/vendor/supertokens/${name}.js`);
            expect(res.statusCode, name).to.equal(200);
            expect(res.headers['cache-control'], name).to.equal('max-age=86400, must-revalidate, public');
            expect(res.payload.slice(0, 200), name).to.contain(`var ${global};`);
        }

        expect((await app.browser().get('/vendor/supertokens/nothing.js')).statusCode).to.equal(404);
    });

    it('has init.js use the globals the bundles define and the SDK\'s API base path', () => {

        const init = Fs.readFileSync(Path.join(root, 'public', 'js', 'init.js'), 'utf8');
        for (const global of ['supertokens', 'supertokensSession', 'supertokensEmailPassword', 'supertokensThirdParty', 'supertokensEmailVerification']) {
            expect(init).to.contain(`window.${global};`);
        }

        expect(init).to.contain('apiDomain: window.location.origin, apiBasePath: \'/auth\'');
        for (const recipe of ['Session.init()', 'EmailPassword.init()', 'ThirdParty.init({ override: { functions: serverState } })', 'EmailVerification.init()']) {
            expect(init).to.contain(recipe);
        }

        // The OAuth state the provider gets is the one the server made (server/web/auth/oauth-state.ts).
        expect(init).to.contain('generateStateToSendToOAuthProvider');
    });
});
