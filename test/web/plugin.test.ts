import * as Code from '@hapi/code';
import * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';

import Crumb from '@hapi/crumb';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';

import { loadConfig } from '../../server/config';
import { plugin as web } from '../../server/web';
import { coreUnavailable } from '../../server/web/plugins/core-unavailable';
import { CoreExtensions } from '../../server/web/core-extensions';
import { errors } from '../../server/web/plugins/errors';
import { inputGuards } from '../../server/web/plugins/input-guards';
import { pages } from '../../server/web/plugins/pages';
import { sensitiveResponses } from '../../server/web/plugins/sensitive-responses';
import { createWebServer } from '../../server/web/server';
import { resetSdk } from '../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('the staffgate/web plugin', () => {

    const settings = loadConfig({ NODE_ENV: 'test', PORT: '0', CORE_PORT: '0' }).web;
    const core = { uri: 'http://127.0.0.1:1', apiKey: undefined };

    it('refuses options that are not what it reads, when registered', async () => {

        const bad: unknown[] = [
            undefined,
            { web: settings },                                                          // no core
            { web: { ...settings, websiteDomain: 'not a url' }, core },
            { web: { ...settings, secure: 'yes' }, core },
            { web: settings, core: { uri: '' } },
            { web: { ...settings, reloadViews: 'no' }, core }
        ];

        for (const options of bad) {
            const server = Hapi.server();
            await expect(server.register({ plugin: web, options: options as never }), JSON.stringify(options)).to.reject(/^Invalid staffgate\/web options/);
        }
    });

    it('registers its parts with their dependencies met', async () => {

        resetSdk();
        const server = await createWebServer({ web: settings, core });
        await server.initialize();
        const registered = Object.keys(server.registrations);
        for (const name of ['staffgate/web', 'staffgate/cookies', 'staffgate/input-guards', 'staffgate/rate-limits', 'staffgate/sdk-api-guards',
            'supertokens-hapi-middleware', 'staffgate/security-headers', 'staffgate/sensitive-responses', 'staffgate/core-unavailable', 'staffgate/health',
            '@hapi/crumb', 'staffgate/csrf', 'staffgate/errors', 'staffgate/pages', 'staffgate/admin']) {
            expect(registered, name).to.include(name);
        }

        await server.stop();
    });

    it('has parts that say what they need: alone, they do not start', async () => {

        const withErrors = Hapi.server();
        await withErrors.register(errors);
        await expect(withErrors.initialize()).to.reject('Plugin staffgate/errors missing dependency @hapi/vision');

        const withSensitive = Hapi.server();
        await withSensitive.register(sensitiveResponses);
        await expect(withSensitive.initialize()).to.reject('Plugin staffgate/sensitive-responses missing dependency staffgate/security-headers');

        const withGuards = Hapi.server();
        await withGuards.register(inputGuards);
        await expect(withGuards.initialize()).to.reject('Plugin staffgate/input-guards missing dependency supertokens-hapi-middleware');

        const withCoreUnavailable = Hapi.server();
        await withCoreUnavailable.register(Vision);
        await withCoreUnavailable.register(coreUnavailable);
        await expect(withCoreUnavailable.initialize()).to.reject(/^Plugin staffgate\/core-unavailable missing dependency /);

        // The pages with everything but our CSRF check and error pages.
        const withPages = Hapi.server();
        await withPages.register([Vision, Inert, Crumb]);
        await withPages.register({ name: 'supertokens-hapi-middleware', register: () => undefined });
        await withPages.register({ plugin: pages, options: { web: settings, extensions: new CoreExtensions({ uri: 'http://127.0.0.1:9', apiKey: undefined }) } });
        await expect(withPages.initialize()).to.reject('Plugin staffgate/pages missing dependency staffgate/csrf');
    });
});
