import * as Fs from 'fs';
import * as Path from 'path';

import type { ServerRoute } from '@hapi/hapi';


const root = Path.join(__dirname, '..', '..', '..');
const bundleDir = Path.join(root, 'node_modules', 'supertokens-web-js', 'bundle');

/*
 * supertokens-web-js ships hashed UMD bundles (`session.<hash>.js`); pages ask for them by recipe name. A Map, not
 * a plain object: a name from the URL such as `constructor` or `__proto__` must find nothing.
 */
export const webJsBundles = (): Map<string, string> => {

    const bundles = new Map<string, string>();
    for (const file of Fs.readdirSync(bundleDir)) {
        const match = /^([a-z0-9]+)\.[0-9a-f]+\.js$/.exec(file);
        if (match) {
            bundles.set(match[1]!, file);
        }
    }

    return bundles;
};

export const assetRoutes = (): ServerRoute[] => {

    const bundles = webJsBundles();
    return [
        {
            method: 'GET',
            path: '/public/{path*}',
            options: {
                cache: { expiresIn: 60 * 60 * 1000, privacy: 'public' },
                handler: { directory: { path: Path.join(root, 'public'), listing: false, index: false } }
            }
        },
        {
            // The frontend SDK, served by us: no CDN. `/vendor/supertokens/session.js` → the hashed bundle.
            method: 'GET',
            path: '/vendor/supertokens/{name}.js',
            options: {
                cache: { expiresIn: 24 * 60 * 60 * 1000, privacy: 'public' },
                handler: (request, h) => {

                    const file = bundles.get(request.params.name as string);
                    return file ? h.file(Path.join(bundleDir, file), { confine: bundleDir }) : h.response('Not found').code(404);
                }
            }
        }
    ];
};
