/*
 * Cookie parsing that other apps on the same site cannot break.
 *
 * Threat: hapi refuses the whole request (400) when any cookie in the header is malformed, and the browser sends
 * us every cookie of the site: one bad cookie set by another app on a sibling subdomain (or by a script there)
 * made every page answer 400. So:
 *
 * - a cookie that is not ours and does not parse is ignored, and its name (never its value) is logged;
 * - our own cookies stay strict: a malformed one is a 400, as before, and the answer clears it so that the next
 *   request works. The SDK's cookies are ours too: they are declared here only to be parsed strictly (the SDK reads
 *   them from the raw header and sets them with its own attributes).
 */

import type { Plugin, ServerStateCookieOptions } from '@hapi/hapi';


/** Server option `state`: the defaults for every cookie without its own definition, i.e. everyone else's. */
export const foreignCookieDefaults: ServerStateCookieOptions = {
    strictHeader: true,
    ignoreErrors: true                          // Not ours: ignored (and logged below), never a 400
};

/** The SDK's cookies (and our OAuth state cookie), with the paths they are set on. */
const sdkCookies: Readonly<Record<string, string>> = {
    sAccessToken: '/',
    sRefreshToken: '/auth/session/refresh',
    sgOAuthState: '/auth'
};

/** Options for a cookie of ours: strict, and cleared when malformed. */
export const ownCookieParsing = { strictHeader: true, ignoreErrors: false, clearInvalid: true } as const;

const maxLoggedNames = 10;


export const cookies: Plugin<{ secure: boolean }> = {
    name: 'staffgate/cookies',
    register: (server, options) => {

        for (const [name, path] of Object.entries(sdkCookies)) {
            server.state(name, { ...ownCookieParsing, path, isSecure: options.secure, isHttpOnly: true, isSameSite: 'Lax' });
        }

        // hapi has parsed the cookies by now: a name in the header but not in request.state was ignored.
        server.ext('onPreAuth', (request, h) => {

            const header: unknown = request.headers.cookie;
            if (typeof header === 'string') {
                const names = header.split(';').map((pair) => pair.split('=')[0]!.trim());
                const ignored = names.filter((name) => name && !Object.hasOwn(request.state, name));
                if (ignored.length) {
                    const shown = ignored.slice(0, maxLoggedNames).map((name) => JSON.stringify(name.slice(0, 64)));
                    request.log(['cookie', 'warn'], `ignored unparseable cookies: ${shown.join(', ')}`);
                }
            }

            return h.continue;
        });
    }
};
