// `npm start`: the embedded core (unless SUPERTOKENS_CONNECTION_URI is set) and the web server.

import { loadConfig } from './config';
import { deployment } from './deployment';
import { runMain } from './lifecycle';


runMain(async () => {

    const config = loadConfig(process.env, 'app');
    const running = await deployment({ config, start: true });
    const core = running.embeddedCore ? `embedded core on ${running.embeddedCore.uri} (${running.embeddedCore.storageName})` : `core at ${config.web.connectionUri}`;
    console.log(`Staffgate is ready: open ${config.web.websiteDomain}/auth   [${core}]`);
    const domains = config.web.signUp === 'domains' ? ` (${config.web.signUpDomains.join(', ')})` : '';
    console.log(`Sign-up policy: ${config.web.signUp}${domains}; sign-in methods: ${config.web.signInMethods.join(', ')}`);
    return running;
});
