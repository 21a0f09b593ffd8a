/*
 * `npm run admin -- grant <email>` / `revoke <email>`: give or take the `admin` role, through supertokens-node,
 * against the configured core: SUPERTOKENS_CONNECTION_URI when set, else a temporary embedded core on the same
 * data (SQLite in $DATA_DIR or DATABASE_URL), which is safe beside a running app (WAL, busy timeout).
 * There is no default account or password anywhere: the first admin comes from here or from ADMIN_EMAILS.
 */

import SuperTokens from 'supertokens-node';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { randomApiKey } from '../api-key';
import { loadConfig } from '../config';
import { startCore, type Core } from '../core';
import { inviteUsage, runInviteCommand } from './invite';
import { apiBasePath, websiteBasePath } from '../web/auth/paths';
import { adminRole } from '../web/auth/roles';


const usage = `usage: npm run admin -- grant <email> | revoke <email>\n       ${inviteUsage}`;

export interface AdminCommandResult {
    readonly changed: string[];
    readonly unchanged: string[];
}

/** Grants or revokes the admin role for every user with this email; throws when there is none. */
export const runAdminCommand = async (action: 'grant' | 'revoke', email: string): Promise<AdminCommandResult> => {

    const users = await SuperTokens.listUsersByAccountInfo('public', { email });
    if (!users.length) {
        throw new Error(`no user with the email ${email}`);
    }

    if (action === 'grant') {
        await UserRoles.createNewRoleOrAddPermissions(adminRole, []);
    }

    const result: AdminCommandResult = { changed: [], unchanged: [] };
    for (const user of users) {
        const outcome = action === 'grant' ?
            await UserRoles.addRoleToUser('public', user.id, adminRole) :
            await UserRoles.removeUserRole('public', user.id, adminRole);
        const changed = outcome.status === 'OK' && ('didUserAlreadyHaveRole' in outcome ? !outcome.didUserAlreadyHaveRole : outcome.didUserHaveRole);
        (changed ? result.changed : result.unchanged).push(user.id);
    }

    return result;
};


const main = async () => {

    const [action, email] = process.argv.slice(2);
    if ((action !== 'grant' && action !== 'revoke' && action !== 'invite') || !email) {
        console.error(usage);
        process.exit(2);
    }

    const config = loadConfig();
    let core: Core | undefined;
    let connection = { uri: config.web.connectionUri, apiKey: config.web.apiKey };
    if (!connection.uri) {
        const apiKeys = [randomApiKey()];
        core = await startCore({ settings: { ...config.core, port: 0, apiKeys } });
        connection = { uri: core.uri, apiKey: apiKeys[0] };
    }

    try {
        SuperTokens.init({
            framework: 'custom',
            supertokens: { connectionURI: connection.uri!, apiKey: connection.apiKey },
            appInfo: { appName: 'Staffgate', apiDomain: config.web.apiDomain, websiteDomain: config.web.websiteDomain, apiBasePath, websiteBasePath },
            telemetry: false,
            recipeList: [Session.init(), UserRoles.init()]         // UserRoles needs Session
        });

        if (action === 'invite') {
            const { ok, message } = await runInviteCommand(process.argv.slice(3), { uri: connection.uri!, apiKey: connection.apiKey }, config.web);
            (ok ? console.log : console.error)(message);
            process.exitCode = ok ? 0 : 1;
            return;
        }

        const { changed, unchanged } = await runAdminCommand(action, email.trim().toLowerCase());
        const verb = action === 'grant' ? 'granted admin to' : 'revoked admin from';
        for (const id of changed) {
            console.log(`${verb} ${email} (${id})`);
        }

        for (const id of unchanged) {
            console.log(`${email} (${id}) ${action === 'grant' ? 'was already an admin' : 'was not an admin'}`);
        }
    }
    finally {
        await core?.stop();
    }
};


if (require.main === module) {
    main().catch((err) => {

        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
}
