import type { Pool, PoolClient } from 'pg';

import type { NewThirdPartyUser, UserListQuery, UserStore } from '..';
import { selectUser, toLoginMethod, type UserRow } from '../rows';
import { isPgError, pgErrors, withTransaction } from './transaction';


/** `u.col >= $n AND u.col < $n || chr(0x10FFFF)` is `u.col LIKE '<$n>%'` in the "C" collation, and uses the index. */
const prefixOf = (column: string, param: string) => `(u.${column} >= ${param} AND u.${column} < ${param} || chr(1114111))`;

/** Numbered placeholders for a query built piece by piece. */
const parameters = () => {

    const values: unknown[] = [];
    const add = (value: unknown) => {

        values.push(value);
        return `$${values.length}`;
    };

    return { values, add };
};

const direction = (order: 'ASC' | 'DESC') => (order === 'DESC' ? 'DESC' : 'ASC');

/** Rows that belong to a user and go with them. */
const userOwnedTables = ['passwords', 'verified_emails', 'sessions', 'password_reset_tokens', 'email_verification_tokens', 'user_roles', 'user_metadata', 'sign_in_lockouts', 'sign_in_trusted_sources', 'user_bans', 'totp_users', 'recovery_codes'];


export const createUserStore = (pool: Pool): UserStore => {

    const getUser = async (db: Pool | PoolClient, appId: string, userId: string) => {

        const { rows: [row] } = await db.query<UserRow>(`${selectUser} WHERE u.app_id = $1 AND u.user_id = $2`, [appId, userId]);
        return row && toLoginMethod(row);
    };

    const insertVerified = 'INSERT INTO verified_emails (app_id, user_id, email) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING';

    return {
        createEmailPasswordUser: async (user) => {

            return withTransaction(pool, async (client) => {

                // The partial unique index decides: a concurrent sign-up with the email waits here, then does nothing.
                const inserted = await client.query(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined)
                                                     VALUES ($1, $2, $3, 'emailpassword', $4, $5)
                                                     ON CONFLICT DO NOTHING`, [user.appId, user.tenantId, user.userId, user.email, user.timeJoined]);
                if (inserted.rowCount !== 1) {
                    return false;
                }

                await client.query('INSERT INTO passwords (app_id, user_id, password_hash) VALUES ($1, $2, $3)', [user.appId, user.userId, user.passwordHash]);
                if (user.verified) {
                    await client.query(insertVerified, [user.appId, user.userId, user.email]);
                }

                return true;
            });
        },

        getUser: async (appId, userId) => getUser(pool, appId, userId),

        findEmailPasswordUser: async (appId, tenantId, email) => {

            const { rows: [row] } = await pool.query<UserRow>(`${selectUser} WHERE u.app_id = $1 AND u.tenant_id = $2 AND u.email = $3 AND u.recipe_id = 'emailpassword'`, [appId, tenantId, email]);
            return row && toLoginMethod(row);
        },

        signInUpThirdParty: async (user) => {

            return withTransaction(pool, async (client) => {

                const { createdNewUser, userId } = await insertOrLockThirdPartyUser(client, user);
                if (user.verified) {
                    await client.query(insertVerified, [user.appId, userId, user.email]);
                }

                return { createdNewUser, user: (await getUser(client, user.appId, userId))! };
            });
        },

        listUsersByAccountInfo: async (appId, tenantId, query) => {

            if (query.email === undefined && query.phoneNumber === undefined && query.thirdParty === undefined) {
                return [];
            }

            const { rows } = await pool.query<UserRow>(`${selectUser} WHERE u.app_id = $1 AND u.tenant_id = $2
                                                        AND (u.email = $3 OR u.phone_number = $6 OR (u.third_party_id = $4 AND u.third_party_user_id = $5))
                                                        ORDER BY u.time_joined, u.user_id`,
            [appId, tenantId, query.email ?? null, query.thirdParty?.id ?? null, query.thirdParty?.userId ?? null, query.phoneNumber ?? null]);
            return rows.map(toLoginMethod);
        },

        searchUsers: async (appId, tenantId, query) => {

            // Within a tag its terms are a union; every tag given must match (a user without phones matches no phone).
            const { values, add } = parameters();
            const group = (terms: readonly string[] | undefined, columns: string[]) => {

                return (terms ?? []).flatMap((term) => {

                    const param = add(term);
                    return columns.map((column) => prefixOf(column, param));
                });
            };

            const groups = [group(query.emails, ['email', 'email_domain']), group(query.providers, ['third_party_id']), group(query.phones, ['phone_number'])]
                .filter((terms) => terms.length);
            if (!groups.length) {
                return [];
            }

            const sql = `${selectUser} WHERE u.app_id = ${add(appId)} AND u.tenant_id = ${add(tenantId)} AND ${groups.map((terms) => `(${terms.join(' OR ')})`).join(' AND ')}
                         ORDER BY u.time_joined ${direction(query.order)}, u.user_id DESC LIMIT ${add(query.limit)}`;
            const { rows } = await pool.query<UserRow>(sql, values);
            return rows.map(toLoginMethod);
        },

        signInUpPasswordless: async (user) => {

            return withTransaction(pool, async (client) => {

                const values = [user.appId, user.tenantId, user.userId, user.email ?? null, user.phoneNumber ?? null, user.timeJoined];
                const inserted = await client.query(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, phone_number, time_joined)
                                                     VALUES ($1, $2, $3, 'passwordless', $4, $5, $6) ON CONFLICT DO NOTHING`, values);
                const { rows: [existing] } = await client.query<{ user_id: string }>(`SELECT user_id FROM users WHERE app_id = $1 AND tenant_id = $2
                                                                                      AND recipe_id = 'passwordless' AND (email = $3 OR phone_number = $4)`,
                [user.appId, user.tenantId, user.email ?? null, user.phoneNumber ?? null]);
                if (!existing) {
                    return undefined;               // the sign-up lost a race on the other contact's index
                }

                if (user.email !== undefined) {
                    await client.query(insertVerified, [user.appId, existing.user_id, user.email]);
                }

                return { createdNewUser: inserted.rowCount === 1, user: (await getUser(client, user.appId, existing.user_id))! };
            });
        },

        updatePasswordlessUser: async (appId, userId, change) => {

            try {
                return await withTransaction(pool, async (client) => {

                    const { rows: [user] } = await client.query<{ tenant_id: string; email: string | null; phone_number: string | null }>(
                        `SELECT tenant_id, email, phone_number FROM users WHERE app_id = $1 AND user_id = $2 AND recipe_id = 'passwordless' FOR UPDATE`, [appId, userId]);
                    if (!user) {
                        return 'UNKNOWN_USER_ID' as const;
                    }

                    const email = change.email === undefined ? user.email : change.email;
                    const phoneNumber = change.phoneNumber === undefined ? user.phone_number : change.phoneNumber;
                    if (email === null && phoneNumber === null) {
                        return 'NO_CONTACT_LEFT' as const;
                    }

                    const taken = async (column: 'email' | 'phone_number', value: string | null) => {

                        return value !== null && (await client.query(
                            `SELECT 1 FROM users WHERE app_id = $1 AND tenant_id = $2 AND recipe_id = 'passwordless' AND ${column} = $3 AND user_id <> $4`,
                            [appId, user.tenant_id, value, userId])).rowCount === 1;
                    };

                    if (email !== user.email && await taken('email', email)) {
                        return 'EMAIL_ALREADY_EXISTS' as const;
                    }

                    if (phoneNumber !== user.phone_number && await taken('phone_number', phoneNumber)) {
                        return 'PHONE_NUMBER_ALREADY_EXISTS' as const;
                    }

                    // A concurrent taker that the reads missed still fails on the unique index (below).
                    await client.query('UPDATE users SET email = $1, phone_number = $2 WHERE app_id = $3 AND user_id = $4', [email, phoneNumber, appId, userId]);
                    return 'OK' as const;
                });
            }
            // Only a concurrent taker of the email that the reads above missed (a race), or a failing database.
            // $lab:coverage:off$
            catch (err) {
                if (isPgError(err, pgErrors.uniqueViolation)) {
                    return 'EMAIL_ALREADY_EXISTS';
                }

                throw err;
            }
            // $lab:coverage:on$
        },

        updateEmailPasswordUser: async (appId, userId, change) => {

            try {
                return await withTransaction(pool, async (client) => {

                    // Locks the user: a concurrent update or delete of it waits for this transaction.
                    const { rows: [user] } = await client.query<{ email: string }>(`SELECT email FROM users WHERE app_id = $1 AND user_id = $2 AND recipe_id = 'emailpassword' FOR UPDATE`, [appId, userId]);
                    if (!user) {
                        return 'UNKNOWN_USER_ID' as const;
                    }

                    // A taken email fails on the unique index (thrown, so the whole transaction rolls back).
                    if (change.email !== undefined && change.email !== user.email) {
                        await client.query('UPDATE users SET email = $1 WHERE app_id = $2 AND user_id = $3', [change.email, appId, userId]);
                    }

                    if (change.passwordHash !== undefined) {
                        await client.query('UPDATE passwords SET password_hash = $1 WHERE app_id = $2 AND user_id = $3', [change.passwordHash, appId, userId]);
                    }

                    return 'OK' as const;
                });
            }
            catch (err) {
                if (isPgError(err, pgErrors.uniqueViolation)) {
                    return 'EMAIL_ALREADY_EXISTS';
                }

                throw err;
            }
        },

        listUsers: async (appId, tenantId, query) => {

            const { sql, values } = listUsersSql(appId, tenantId, query);
            const { rows } = await pool.query<UserRow>(sql, values);
            return rows.map(toLoginMethod);
        },

        countUsers: async (appId, tenantId, recipeIds) => {

            const { values, add } = parameters();
            const conditions = [`app_id = ${add(appId)}`];
            if (tenantId !== undefined) {
                conditions.push(`tenant_id = ${add(tenantId)}`);
            }

            if (recipeIds?.length) {
                conditions.push(`recipe_id = ANY (${add(recipeIds)}::text[])`);
            }

            const { rows: [row] } = await pool.query<{ count: number }>(`SELECT COUNT(*) AS count FROM users WHERE ${conditions.join(' AND ')}`, values);
            return row!.count;
        },

        deleteUser: async (appId, userId) => {

            return withTransaction(pool, async (client) => {

                // The user row first, as every other transaction on a user takes its locks in that order (no deadlock).
                const deleted = await client.query('DELETE FROM users WHERE app_id = $1 AND user_id = $2', [appId, userId]);
                for (const table of userOwnedTables) {
                    await client.query(`DELETE FROM ${table} WHERE app_id = $1 AND user_id = $2`, [appId, userId]);
                }

                return deleted.rowCount === 1;
            });
        }
    };
};


/**
 * The third-party user for (provider, provider user id), created when the pair is new. Else an upsert on the pair's
 * unique index brings the email up to date and keeps the row locked until the transaction ends. A concurrent
 * sign-up of a new pair waits on the unique index, then takes the second path and gets the winner's row.
 */
const insertOrLockThirdPartyUser = async (client: PoolClient, user: NewThirdPartyUser): Promise<{ createdNewUser: boolean; userId: string }> => {

    const values = [user.appId, user.tenantId, user.userId, user.email, user.timeJoined, user.thirdPartyId, user.thirdPartyUserId];
    const insert = `INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                    VALUES ($1, $2, $3, 'thirdparty', $4, $5, $6, $7)`;

    const inserted = await client.query(`${insert} ON CONFLICT DO NOTHING`, values);
    if (inserted.rowCount === 1) {
        return { createdNewUser: true, userId: user.userId };
    }

    // Only the pair's index is the arbiter: should the new user id belong to someone else, this fails loudly. (Were
    // the row deleted between the two statements, this puts it back, answering createdNewUser false.)
    const { rows: [existing] } = await client.query<{ user_id: string }>(`${insert}
                                                                          ON CONFLICT (app_id, tenant_id, third_party_id, third_party_user_id) WHERE recipe_id = 'thirdparty'
                                                                          DO UPDATE SET email = excluded.email
                                                                          RETURNING user_id`, values);
    return { createdNewUser: false, userId: existing!.user_id };
};


/** The page query shared by both orders: (time_joined, user_id DESC), starting at the token's item inclusive. */
const listUsersSql = (appId: string, tenantId: string, query: UserListQuery) => {

    const { values, add } = parameters();
    const conditions = [`u.app_id = ${add(appId)}`, `u.tenant_id = ${add(tenantId)}`];
    const after = query.order === 'DESC' ? '<' : '>';

    if (query.from) {
        const fromTime = add(query.from.timeJoined);
        conditions.push(`(u.time_joined ${after} ${fromTime} OR (u.time_joined = ${fromTime} AND u.user_id <= ${add(query.from.userId)}))`);
    }

    if (query.recipeIds?.length) {
        conditions.push(`u.recipe_id = ANY (${add(query.recipeIds)}::text[])`);
    }

    const sql = `${selectUser} WHERE ${conditions.join(' AND ')} ORDER BY u.time_joined ${direction(query.order)}, u.user_id DESC LIMIT ${add(query.limit)}`;
    return { sql, values };
};
