/*
 * `npm run admin -- grant <email | user id>` / `revoke …`: give or take the `admin` role of one account, through
 * supertokens-node, against the configured core: SUPERTOKENS_CONNECTION_URI when set, else a temporary embedded core on the same
 * data (SQLite in $DATA_DIR or DATABASE_URL), which is safe beside a running app (WAL, busy timeout).
 * There is no default account or password anywhere: the first admin comes from here or from ADMIN_EMAILS.
 */

import SuperTokens, { type User } from 'supertokens-node';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { randomApiKey } from '../api-key';
import { loadConfig } from '../config';
import { startCore, type Core } from '../core';
import { inviteUsage, runInviteCommand } from './invite';
import { apiBasePath, websiteBasePath } from '../web/auth/paths';
import { adminRole } from '../web/auth/roles';


const usage = `usage: npm run admin -- grant <email | user id> | revoke <email | user id>\n       ${inviteUsage}`;

export interface AdminCommandResult {
    readonly userId: string;
    /** False when the user already had the role (grant) or did not have it (revoke). */
    readonly changed: boolean;
}

/** Refused: the email names no account that owns it, or several. `candidates` describes each account found. */
export class AdminTargetError extends Error {

    constructor(message: string, readonly candidates: readonly string[]) {

        super(candidates.length ? `${message}:\n${candidates.map((line) => `  ${line}`).join('\n')}` : message);
    }
}

const candidateLine = (user: User, email: string) => {

    const login = user.loginMethods.find((method) => method.email === email) ?? user.loginMethods[0]!;
    const method = login.recipeId === 'thirdparty' ? login.thirdParty!.id : login.recipeId;
    return `${user.id}  ${method}  ${login.verified ? 'verified' : 'not verified'}`;
};

/*
 * The account an email or user id names. An email names the one account that owns it: its login method with
 * that email is verified, or is an email-password one (where the address is the sign-in name). A third-party
 * account whose provider did not verify the email does not own it.
 */
export const resolveTarget = async (target: string): Promise<User> => {

    if (!target.includes('@')) {
        const user = await SuperTokens.getUser(target);
        if (!user) {
            throw new AdminTargetError(`no user with the id ${target}`, []);
        }

        return user;
    }

    const email = target.trim().toLowerCase();
    const users = await SuperTokens.listUsersByAccountInfo('public', { email });
    const owners = users.filter((user) => user.loginMethods.some((login) => login.email === email && (login.verified || login.recipeId === 'emailpassword')));
    if (owners.length === 1) {
        return owners[0]!;
    }

    if (owners.length > 1) {
        throw new AdminTargetError(`${email} is ambiguous: several accounts own it; give the user id instead`, owners.map((user) => candidateLine(user, email)));
    }

    throw new AdminTargetError(users.length ?
        `no account owns ${email} (none has it verified or as its password sign-in); give a user id to choose one` :
        `no user with the email ${email}`, users.map((user) => candidateLine(user, email)));
};

/** Grants or revokes the admin role for the account `target` (an email or a user id) names. */
export const runAdminCommand = async (action: 'grant' | 'revoke', target: string): Promise<AdminCommandResult> => {

    const user = await resolveTarget(target);
    if (action === 'grant') {
        await UserRoles.createNewRoleOrAddPermissions(adminRole, []);
        const outcome = await UserRoles.addRoleToUser('public', user.id, adminRole);
        return { userId: user.id, changed: outcome.status === 'OK' && !outcome.didUserAlreadyHaveRole };
    }

    const outcome = await UserRoles.removeUserRole('public', user.id, adminRole);
    return { userId: user.id, changed: outcome.status === 'OK' && outcome.didUserHaveRole };
};


const main = async () => {

    const [action, target] = process.argv.slice(2);
    if ((action !== 'grant' && action !== 'revoke' && action !== 'invite') || !target) {
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

        const { userId, changed } = await runAdminCommand(action, target.trim());
        const name = target.includes('@') ? `${target} (${userId})` : userId;
        console.log(changed ?
            `${action === 'grant' ? 'granted admin to' : 'revoked admin from'} ${name}` :
            `${name} ${action === 'grant' ? 'was already an admin' : 'was not an admin'}`);
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
