import type { Database } from 'better-sqlite3';

import type { NewPasswordlessUser, NewThirdPartyUser, UserListQuery, UserStore } from '..';
import { selectUser, toLoginMethod, type UserRow } from '../rows';


/** The highest code point: `term <= x < term || maxChar` is `x LIKE 'term%'` for a binary collation, with an index. */
const maxChar = String.fromCodePoint(0x10FFFF);


export const createUserStore = (db: Database): UserStore => {

    const statements = {
        insertUser: db.prepare(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined)
                                VALUES (@appId, @tenantId, @userId, 'emailpassword', @email, @timeJoined)
                                ON CONFLICT DO NOTHING`),
        insertPassword: db.prepare('INSERT INTO passwords (app_id, user_id, password_hash) VALUES (?, ?, ?)'),
        insertVerified: db.prepare('INSERT INTO verified_emails (app_id, user_id, email) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
        getUser: db.prepare(`${selectUser} WHERE u.app_id = ? AND u.user_id = ?`),
        findEmailPassword: db.prepare(`${selectUser} WHERE u.app_id = ? AND u.tenant_id = ? AND u.email = ? AND u.recipe_id = 'emailpassword'`),
        byAccountInfo: db.prepare(`${selectUser} WHERE u.app_id = @appId AND u.tenant_id = @tenantId
                                   AND (u.email = @email OR u.phone_number = @phoneNumber OR (u.third_party_id = @thirdPartyId AND u.third_party_user_id = @thirdPartyUserId))
                                   ORDER BY u.time_joined, u.user_id`),
        insertThirdParty: db.prepare(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                                      VALUES (@appId, @tenantId, @userId, 'thirdparty', @email, @timeJoined, @thirdPartyId, @thirdPartyUserId)
                                      ON CONFLICT DO NOTHING`),
        findThirdParty: db.prepare(`${selectUser} WHERE u.app_id = ? AND u.tenant_id = ? AND u.third_party_id = ? AND u.third_party_user_id = ? AND u.recipe_id = 'thirdparty'`),
        updateThirdPartyEmail: db.prepare(`UPDATE users SET email = ? WHERE app_id = ? AND user_id = ?`),
        updateEmail: db.prepare(`UPDATE users SET email = ? WHERE app_id = ? AND user_id = ? AND recipe_id = 'emailpassword'`),
        updatePassword: db.prepare('UPDATE passwords SET password_hash = ? WHERE app_id = ? AND user_id = ?'),
        insertPasswordless: db.prepare(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, phone_number, time_joined)
                                        VALUES (@appId, @tenantId, @userId, 'passwordless', @email, @phoneNumber, @timeJoined)
                                        ON CONFLICT DO NOTHING`),
        findPasswordless: db.prepare(`${selectUser} WHERE u.app_id = @appId AND u.tenant_id = @tenantId AND u.recipe_id = 'passwordless'
                                      AND (u.email = @email OR u.phone_number = @phoneNumber)`),
        passwordlessTaken: db.prepare(`SELECT 1 FROM users WHERE app_id = @appId AND tenant_id = @tenantId AND recipe_id = 'passwordless' AND user_id <> @userId
                                       AND (email = @email OR phone_number = @phoneNumber)`),
        updatePasswordless: db.prepare(`UPDATE users SET email = @email, phone_number = @phoneNumber WHERE app_id = @appId AND user_id = @userId`),
        emailTaken: db.prepare(`SELECT 1 FROM users WHERE app_id = ? AND tenant_id = ? AND email = ? AND recipe_id = 'emailpassword' AND user_id <> ?`)
    };

    const createEmailPasswordUser = db.transaction((user: Parameters<UserStore['createEmailPasswordUser']>[0]): boolean => {

        const inserted = statements.insertUser.run(user).changes === 1;
        if (!inserted) {
            return false;
        }

        statements.insertPassword.run(user.appId, user.userId, user.passwordHash);
        if (user.verified) {
            statements.insertVerified.run(user.appId, user.userId, user.email);
        }

        return true;
    });

    const updateEmailPasswordUser = db.transaction((appId: string, userId: string, change: { email?: string; passwordHash?: string }) => {

        const user = statements.getUser.get(appId, userId) as UserRow | undefined;
        if (!user || user.recipe_id !== 'emailpassword') {
            return 'UNKNOWN_USER_ID' as const;
        }

        if (change.email !== undefined && change.email !== user.email) {
            if (statements.emailTaken.get(appId, user.tenant_id, change.email, userId)) {
                return 'EMAIL_ALREADY_EXISTS' as const;
            }

            statements.updateEmail.run(change.email, appId, userId);
        }

        if (change.passwordHash !== undefined) {
            statements.updatePassword.run(change.passwordHash, appId, userId);
        }

        return 'OK' as const;
    });

    const signInUpThirdParty = db.transaction((user: NewThirdPartyUser) => {

        const createdNewUser = statements.insertThirdParty.run(user).changes === 1;
        const existing = statements.findThirdParty.get(user.appId, user.tenantId, user.thirdPartyId, user.thirdPartyUserId) as UserRow;
        if (!createdNewUser && existing.email !== user.email) {
            statements.updateThirdPartyEmail.run(user.email, user.appId, existing.user_id);
        }

        if (user.verified) {
            statements.insertVerified.run(user.appId, existing.user_id, user.email);
        }

        return { createdNewUser, user: toLoginMethod(statements.getUser.get(user.appId, existing.user_id) as UserRow) };
    });

    const signInUpPasswordless = db.transaction((user: NewPasswordlessUser) => {

        const params = { ...user, email: user.email ?? null, phoneNumber: user.phoneNumber ?? null };
        const createdNewUser = statements.insertPasswordless.run(params).changes === 1;
        const existing = statements.findPasswordless.get(params) as UserRow | undefined;
        if (!existing) {
            return undefined;                       // another unique index (a race on the other contact) refused it
        }

        if (user.email !== undefined) {
            statements.insertVerified.run(user.appId, existing.user_id, user.email);
        }

        return { createdNewUser, user: toLoginMethod(statements.getUser.get(user.appId, existing.user_id) as UserRow) };
    });

    const updatePasswordlessUser = db.transaction((appId: string, userId: string, change: { email?: string | null; phoneNumber?: string | null }) => {

        const user = statements.getUser.get(appId, userId) as UserRow | undefined;
        if (!user || user.recipe_id !== 'passwordless') {
            return 'UNKNOWN_USER_ID' as const;
        }

        const email = change.email === undefined ? user.email : change.email;
        const phoneNumber = change.phoneNumber === undefined ? user.phone_number : change.phoneNumber;
        if (email === null && phoneNumber === null) {
            return 'NO_CONTACT_LEFT' as const;
        }

        const taken = (field: 'email' | 'phoneNumber', value: string | null) => {

            return value !== null &&
                statements.passwordlessTaken.get({ appId, tenantId: user.tenant_id, userId, email: null, phoneNumber: null, [field]: value });
        };

        if (email !== user.email && taken('email', email)) {
            return 'EMAIL_ALREADY_EXISTS' as const;
        }

        if (phoneNumber !== user.phone_number && taken('phoneNumber', phoneNumber)) {
            return 'PHONE_NUMBER_ALREADY_EXISTS' as const;
        }

        statements.updatePasswordless.run({ appId, userId, email, phoneNumber });
        return 'OK' as const;
    });

    const deleteUser = db.transaction((appId: string, userId: string): boolean => {

        for (const table of userOwnedTables) {
            db.prepare(`DELETE FROM ${table} WHERE app_id = ? AND user_id = ?`).run(appId, userId);
        }

        return db.prepare('DELETE FROM users WHERE app_id = ? AND user_id = ?').run(appId, userId).changes === 1;
    });

    return {
        createEmailPasswordUser: async (user) => createEmailPasswordUser.immediate(user),

        getUser: async (appId, userId) => {

            const row = statements.getUser.get(appId, userId) as UserRow | undefined;
            return row && toLoginMethod(row);
        },

        findEmailPasswordUser: async (appId, tenantId, email) => {

            const row = statements.findEmailPassword.get(appId, tenantId, email) as UserRow | undefined;
            return row && toLoginMethod(row);
        },

        signInUpThirdParty: async (user) => signInUpThirdParty.immediate(user),
        signInUpPasswordless: async (user) => signInUpPasswordless.immediate(user),
        updatePasswordlessUser: async (appId, userId, change) => updatePasswordlessUser.immediate(appId, userId, change),

        listUsersByAccountInfo: async (appId, tenantId, query) => {

            if (query.email === undefined && query.phoneNumber === undefined && query.thirdParty === undefined) {
                return [];
            }

            const params = { appId, tenantId, email: query.email ?? null, phoneNumber: query.phoneNumber ?? null, thirdPartyId: query.thirdParty?.id ?? null, thirdPartyUserId: query.thirdParty?.userId ?? null };
            return (statements.byAccountInfo.all(params) as UserRow[]).map(toLoginMethod);
        },

        searchUsers: async (appId, tenantId, query) => {

            // Within a tag its terms are a union; every tag given must match (a user without phones matches no phone).
            const params: Record<string, unknown> = { appId, tenantId, limit: query.limit, maxChar };
            const prefix = (column: string, name: string) => `(u.${column} >= @${name} AND u.${column} < @${name} || @maxChar)`;
            const group = (terms: readonly string[] | undefined, key: string, columns: string[]) => {

                return (terms ?? []).flatMap((term, i) => {

                    params[`${key}${i}`] = term;
                    return columns.map((column) => prefix(column, `${key}${i}`));
                });
            };

            const groups = [group(query.emails, 'e', ['email', 'email_domain']), group(query.providers, 'p', ['third_party_id']), group(query.phones, 'n', ['phone_number'])]
                .filter((terms) => terms.length);
            if (!groups.length) {
                return [];
            }

            const sql = `${selectUser} WHERE u.app_id = @appId AND u.tenant_id = @tenantId AND ${groups.map((terms) => `(${terms.join(' OR ')})`).join(' AND ')}
                         ORDER BY u.time_joined ${query.order}, u.user_id DESC LIMIT @limit`;
            return (db.prepare(sql).all(params) as UserRow[]).map(toLoginMethod);
        },

        updateEmailPasswordUser: async (appId, userId, change) => updateEmailPasswordUser.immediate(appId, userId, change),

        listUsers: async (appId, tenantId, query) => {

            const { sql, params } = listUsersSql(appId, tenantId, query);
            return (db.prepare(sql).all(params) as UserRow[]).map(toLoginMethod);
        },

        countUsers: async (appId, tenantId, recipeIds) => {

            const conditions = ['app_id = @appId'];
            if (tenantId !== undefined) {
                conditions.push('tenant_id = @tenantId');
            }

            if (recipeIds?.length) {
                conditions.push(`recipe_id IN (${recipeIds.map((_, i) => `@r${i}`).join(', ')})`);
            }

            const params = { appId, tenantId, ...Object.fromEntries((recipeIds ?? []).map((id, i) => [`r${i}`, id])) };
            return db.prepare(`SELECT COUNT(*) FROM users WHERE ${conditions.join(' AND ')}`).pluck().get(params) as number;
        },

        deleteUser: async (appId, userId) => deleteUser.immediate(appId, userId)
    };
};


/** Rows that belong to a user and go with them. */
const userOwnedTables = ['passwords', 'verified_emails', 'sessions', 'password_reset_tokens', 'email_verification_tokens', 'user_roles', 'user_metadata', 'sign_in_lockouts', 'sign_in_trusted_sources', 'user_bans', 'totp_users', 'recovery_codes'];


/** The page query shared by both orders: (time_joined, user_id DESC), starting at the token's item inclusive. */
const listUsersSql = (appId: string, tenantId: string, query: UserListQuery) => {

    const conditions = ['u.app_id = @appId', 'u.tenant_id = @tenantId'];
    const params: Record<string, unknown> = { appId, tenantId, limit: query.limit };
    const after = query.order === 'ASC' ? '>' : '<';

    if (query.from) {
        conditions.push(`(u.time_joined ${after} @fromTime OR (u.time_joined = @fromTime AND u.user_id <= @fromId))`);
        params.fromTime = query.from.timeJoined;
        params.fromId = query.from.userId;
    }

    if (query.recipeIds?.length) {
        conditions.push(`u.recipe_id IN (${query.recipeIds.map((_, i) => `@r${i}`).join(', ')})`);
        query.recipeIds.forEach((id, i) => {

            params[`r${i}`] = id;
        });
    }

    const sql = `${selectUser} WHERE ${conditions.join(' AND ')} ORDER BY u.time_joined ${query.order}, u.user_id DESC LIMIT @limit`;
    return { sql, params };
};
