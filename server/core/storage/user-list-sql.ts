/*
 * The admin user list's queries, built once for both dialects: filters, keyset paging on (sort key, user id), and
 * the columns the list shows (roles, ban, lockout, two-factor, last sign-in) as subqueries over the page's rows.
 *
 * Substring search uses each engine's trigram index from 3 characters on (SQLite: the FTS5 table
 * users_email_trigram; PostgreSQL: the pg_trgm GIN index on users.email). A trigram index cannot serve 1 or 2
 * characters: those scan the users in list order, which the page's LIMIT bounds (the count still reads every row).
 * The search text is always a bound value matched literally: `%` and `_` are escaped for LIKE, and quoted for FTS5.
 */

import type { UserListFilter, UserListRecord, UserListSort, UserPageQuery } from '.';
import { toLoginMethod, type UserRow } from './rows';


export type Dialect = 'sqlite' | 'postgres';

/** The smallest search a trigram index serves. */
export const trigramLength = 3;

const sortKeys: Record<UserListSort, string> = {
    joined: 'u.time_joined',
    email: 'COALESCE(u.email, \'\')',                  // as indexed by users_sort_email
    lastSignIn: 'u.last_sign_in_at'
};

export interface UserListRow extends UserRow {
    last_sign_in_at: number;
    roles: string | string[];
    banned: number | boolean;
    locked: number | boolean;
    two_factor: number | boolean;
}

/** Placeholders for a query built piece by piece: `@p1` for better-sqlite3, `$1` for pg. */
const parameters = (dialect: Dialect) => {

    const values: unknown[] = [];
    const add = (value: unknown): string => {

        values.push(value);
        return dialect === 'sqlite' ? `@p${values.length}` : `$${values.length}`;
    };

    const named = () => Object.fromEntries(values.map((value, i) => [`p${i + 1}`, value]));
    return { values, named, add };
};

type Add = (value: unknown) => string;

/** LIKE's wildcards and its escape character (PostgreSQL's default, backslash) taken literally. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** An FTS5 phrase: the text between double quotes, each quote doubled; inside a phrase nothing is an operator. */
const ftsPhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** A substring as a plain scan would test it (no index): literal, case-insensitive. */
const scanSearch = (dialect: Dialect, search: string, add: Add): string => {

    return dialect === 'sqlite' ? `instr(u.email, ${add(search)}) > 0` : `strpos(u.email, ${add(search)}) > 0`;
};

/** The users whose email contains the search, from the trigram index (3 characters or more). */
const trigramSet = (dialect: Dialect, appId: string, search: string, add: Add): string => {

    if (dialect === 'sqlite') {
        return `SELECT i.user_id FROM users_email_trigram t JOIN users_email_trigram_ids i ON i.id = t.rowid
                WHERE users_email_trigram MATCH ${add(ftsPhrase(search))} AND i.app_id = ${add(appId)}`;
    }

    return `SELECT s.user_id FROM users s WHERE s.app_id = ${add(appId)} AND s.email LIKE ${add(`%${escapeLike(search)}%`)}`;
};

const lockedSet = (appId: string, filter: UserListFilter, add: Add): string => {

    return `SELECT l.user_id FROM sign_in_lockouts l WHERE l.app_id = ${add(appId)} AND l.failures >= ${add(filter.lockout.threshold)}
            AND (l.locked_until IS NULL OR l.locked_until > ${add(filter.lockout.now)})`;
};

const bannedSet = (appId: string, add: Add): string => `SELECT b.user_id FROM user_bans b WHERE b.app_id = ${add(appId)}`;

const twoFactorSet = (dialect: Dialect, appId: string, add: Add): string => {

    return `SELECT d.user_id FROM totp_devices d WHERE d.app_id = ${add(appId)} AND d.verified = ${dialect === 'sqlite' ? '1' : 'TRUE'}`;
};

const verifiedCondition = 'EXISTS (SELECT 1 FROM verified_emails v WHERE v.app_id = u.app_id AND v.user_id = u.user_id AND v.email = u.email)';

/** A condition that names a set of users through an index: what can drive the query. */
export type Driver = 'search' | 'role' | 'banned' | 'locked';

/** The filter's indexed conditions, in the order they are tried as the driver. */
export const driversOf = (filter: UserListFilter): Driver[] => {

    const drivers: Driver[] = [];
    if (filter.search && [...filter.search].length >= trigramLength) {
        drivers.push('search');
    }

    if (filter.role !== undefined) {
        drivers.push('role');
    }

    if (filter.state === 'banned' || filter.state === 'locked') {
        drivers.push(filter.state);
    }

    return drivers;
};

/** The ids of the users the driver condition names. */
const driverSet = (dialect: Dialect, appId: string, tenantId: string, filter: UserListFilter, driver: Driver, add: Add): string => {

    const sets = {
        search: () => trigramSet(dialect, appId, filter.search!, add),
        role: () => `SELECT r.user_id FROM user_roles r WHERE r.app_id = ${add(appId)} AND r.tenant_id = ${add(tenantId)} AND r.role = ${add(filter.role)}`,
        banned: () => bannedSet(appId, add),
        locked: () => lockedSet(appId, filter, add)
    };

    return sets[driver]();
};

/** How many users the driver names, up to `cap + 1`: few enough to start from them, or so many that walking the list finds a page soon. */
export const driverProbeSql = (dialect: Dialect, appId: string, tenantId: string, filter: UserListFilter, driver: Driver, cap: number) => {

    const { values, named, add } = parameters(dialect);
    const sql = `SELECT COUNT(*) AS count FROM (${driverSet(dialect, appId, tenantId, filter, driver, add)} LIMIT ${add(cap + 1)}) d`;
    return { sql, values, named: named() };
};

/** Where the rows come from: a driver's few users, or (undefined) the tenant's users in list order. */
export type Plan = Driver | undefined;

/** The FROM and WHERE of the list: a driver's set first when there is one (forced with CROSS JOIN in SQLite). */
const listSource = (dialect: Dialect, appId: string, tenantId: string, filter: UserListFilter, driver: Plan, add: Add): { from: string; conditions: string[] } => {

    const from = driver ? `(${driverSet(dialect, appId, tenantId, filter, driver, add)}) d CROSS JOIN users u` : 'users u';
    const conditions = [`u.app_id = ${add(appId)}`, `u.tenant_id = ${add(tenantId)}`];
    if (driver) {
        conditions.push('u.user_id = d.user_id');
    }

    if (filter.search && driver !== 'search') {
        conditions.push(scanSearch(dialect, filter.search, add));
    }

    if (filter.role !== undefined && driver !== 'role') {
        conditions.push(`u.user_id IN (SELECT r.user_id FROM user_roles r WHERE r.app_id = ${add(appId)} AND r.tenant_id = ${add(tenantId)} AND r.role = ${add(filter.role)})`);
    }

    if (filter.method) {
        conditions.push(`u.recipe_id = ${add(filter.method.recipeId)}`);
        if (filter.method.thirdPartyId !== undefined) {
            conditions.push(`u.third_party_id = ${add(filter.method.thirdPartyId)}`);
        }
    }

    const states = {
        banned: () => `u.user_id IN (${bannedSet(appId, add)})`,
        locked: () => `u.user_id IN (${lockedSet(appId, filter, add)})`,
        unverified: () => `u.email IS NOT NULL AND NOT ${verifiedCondition}`,
        noTwoFactor: () => `u.user_id NOT IN (${twoFactorSet(dialect, appId, add)})`
    };

    if (filter.state && filter.state !== driver) {
        conditions.push(states[filter.state]());
    }

    return { from, conditions };
};

/** One page: `limit` rows after `query.after` in `query.order`. */
export const userPageSql = (dialect: Dialect, appId: string, tenantId: string, query: UserPageQuery, plan: Plan) => {

    const { values, named, add } = parameters(dialect);
    const key = sortKeys[query.sort];
    const order = query.order === 'DESC' ? 'DESC' : 'ASC';
    const roles = dialect === 'sqlite'
        ? '(SELECT json_group_array(role) FROM (SELECT r.role FROM user_roles r WHERE r.app_id = u.app_id AND r.tenant_id = u.tenant_id AND r.user_id = u.user_id ORDER BY r.role))'
        : 'ARRAY(SELECT r.role FROM user_roles r WHERE r.app_id = u.app_id AND r.tenant_id = u.tenant_id AND r.user_id = u.user_id ORDER BY r.role)';

    const { from, conditions } = listSource(dialect, appId, tenantId, query, plan, add);
    if (query.after) {
        conditions.push(`(${key}, u.user_id) ${order === 'ASC' ? '>' : '<'} (${add(query.after.value)}, ${add(query.after.userId)})`);
    }

    // The shown columns are worked out for the page's rows only, after the LIMIT.
    // A driver's few users are collected behind an optimisation fence (a subquery with an OFFSET), then sorted: else
    // PostgreSQL's planner, seeing ORDER BY … LIMIT, may walk the sort index hoping for early matches and read every
    // user when there are none. SQLite keeps the CROSS JOIN's order anyway.
    const matching = `SELECT u.app_id, u.user_id, ${key} AS sort_key FROM ${from} WHERE ${conditions.join(' AND ')}`;
    const page = plan === undefined
        ? `${matching} ORDER BY ${key} ${order}, u.user_id ${order} LIMIT ${add(query.limit)}`
        : `SELECT m.app_id, m.user_id FROM (${matching} ${dialect === 'sqlite' ? 'LIMIT -1 OFFSET 0' : 'OFFSET 0'}) m
           ORDER BY m.sort_key ${order}, m.user_id ${order} LIMIT ${add(query.limit)}`;
    const sql = `SELECT u.user_id, u.tenant_id, u.recipe_id, u.email, u.phone_number, u.time_joined, u.third_party_id, u.third_party_user_id,
                        ${verifiedCondition} AS verified, u.last_sign_in_at, ${roles} AS roles,
                        u.user_id IN (${bannedSet(appId, add)}) AS banned,
                        u.user_id IN (${lockedSet(appId, query, add)}) AS locked,
                        u.user_id IN (${twoFactorSet(dialect, appId, add)}) AS two_factor
                 FROM (${page}) p
                 JOIN users u ON u.app_id = p.app_id AND u.user_id = p.user_id
                 ORDER BY ${key} ${order}, u.user_id ${order}`;

    return { sql, values, named: named() };
};

/** The number of users the filter matches. */
export const userCountSql = (dialect: Dialect, appId: string, tenantId: string, filter: UserListFilter, plan: Plan) => {

    const { values, named, add } = parameters(dialect);
    const { from, conditions } = listSource(dialect, appId, tenantId, filter, plan, add);
    const sql = `SELECT COUNT(*) AS count FROM ${from} WHERE ${conditions.join(' AND ')}`;
    return { sql, values, named: named() };
};

export const toUserListRecord = (row: UserListRow): UserListRecord => ({
    ...toLoginMethod(row),
    ...(row.last_sign_in_at > 0 ? { lastSignInAt: Number(row.last_sign_in_at) } : {}),
    roles: typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles,
    banned: Boolean(row.banned),
    locked: Boolean(row.locked),
    twoFactor: Boolean(row.two_factor)
});

/** At most this many users named by the driver, the query starts from them; past it, from the list's own order. */
export const drivenCap = 2000;

/** The first driver that names at most `drivenCap` users (`count` runs a probe), else a walk in list order. */
export const choosePlan = async (filter: UserListFilter, count: (driver: Driver) => Promise<number> | number): Promise<Plan> => {

    for (const driver of driversOf(filter)) {
        if (await count(driver) <= drivenCap) {
            return driver;
        }
    }

    return undefined;
};
