/*
 * The user list: browsing, newest first, a page at a time with the SDK's pagination token as the cursor; or
 * searching by email prefix and/or sign-in provider.
 *
 * The core's search mode (GET /users with email= or provider=) has no pagination (cdi-5.4 §3.1: up to 1000 rows)
 * and ORs its terms, so a search fetches what the page needs (at most 1000 users), filters by provider here (so
 * that email AND provider both hold) and cuts the page out with `page`. Browsing by "Email and password" alone is
 * not a search: the listing's `includeRecipeIds` does it, with cursors. Filtering by two-factor (Staffgate core) is
 * a search too: the newest 1000 matching users are read and filtered here by the core's list of enrolled users.
 */

import SuperTokens, { type User } from 'supertokens-node';

import type { CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import type { SocialProvider } from '../../pages/providers';
import { userPath } from '../paths';
import { twoFactorIds } from './two-factor';


export const tenantId = 'public';

/** The core's cap on search results. */
export const searchCap = 1000;

/** The core's cap on a page of the listing (not searching). */
const listingCap = 500;

/** The pseudo-provider of email-password users in the provider filter. */
export const emailPasswordFilter = 'emailpassword';

/** The two-factor filter: users with a verified device (`on`), without (`off`), or everyone (''). */
export type TwoFactorFilter = '' | 'on' | 'off';

export type UserListQuery = {
    /** Email prefix (or domain prefix); '' for none. */
    readonly q: string;
    /** A thirdPartyId, `emailpassword`, or '' for any. */
    readonly provider: string;
    readonly twoFactor: TwoFactorFilter;
    /** The SDK's pagination token of the page to show (browsing only). */
    readonly cursor?: string;
    /** 1-based page number: the page to show when searching, or a label next to a cursor. */
    readonly page: number;
    readonly limit: number;
};

export interface UserRow {
    readonly id: string;
    readonly path: string;
    readonly email: string | undefined;
    readonly methods: string[];
    readonly joined: TimeView;
    readonly verified: boolean;
    readonly locked: boolean;
    /** Has a verified TOTP device; undefined without the Staffgate core. */
    readonly twoFactor: boolean | undefined;
}

export interface UserListView {
    readonly rows: UserRow[];
    readonly searching: boolean;
    readonly page: number;
    /** The address of the next page, when there is one. */
    readonly next: string | undefined;
    /** The address of the previous page (searching only: cursors only go forward). */
    readonly previous: string | undefined;
    /** The first page of this listing, when this is not it. */
    readonly first: string | undefined;
    /** The search hit the core's cap: there may be more matches than can be shown. */
    readonly capped: boolean;
    /** Locked accounts could not be marked (official core). */
    readonly lockoutsUnknown: boolean;
    /** The two-factor column and filter need the Staffgate core, which this is not. */
    readonly twoFactorUnknown: boolean;
}

/** "Email and password", or the provider's name (or its id when there is no button for it). */
export const methodName = (login: User['loginMethods'][number], providers: readonly SocialProvider[]): string => {

    if (login.recipeId === 'emailpassword') {
        return 'Email and password';
    }

    const id = String(login.thirdParty?.id);
    return providers.find((provider) => provider.id === id)?.name ?? id;
};

const matchesProvider = (user: User, provider: string): boolean => {

    if (provider === '') {
        return true;
    }

    return user.loginMethods.some((login) => (provider === emailPasswordFilter ? login.recipeId === 'emailpassword' : login.thirdParty?.id === provider));
};

export const describeUserRow = (user: User, providers: readonly SocialProvider[], locked: ReadonlySet<string>, enrolled?: ReadonlySet<string>): UserRow => ({
    id: user.id,
    path: userPath(user.id),
    email: user.emails[0],
    methods: [...new Set(user.loginMethods.map((login) => methodName(login, providers)))],
    joined: describeTime(user.timeJoined),
    verified: user.loginMethods.some((login) => login.verified),
    locked: locked.has(user.id),
    twoFactor: enrolled?.has(user.id)
});

/** Whether a user passes the two-factor filter (`enrolled`: the users with a second factor). */
const matchesTwoFactor = (user: User, filter: TwoFactorFilter, enrolled: ReadonlySet<string>): boolean => {

    return filter === '' || enrolled.has(user.id) === (filter === 'on');
};

/** The list's address with this query and these changes. */
const listPath = (query: UserListQuery, changes: { cursor?: string; page?: number }): string => {

    const params = new URLSearchParams();
    for (const [name, value] of Object.entries({ q: query.q, provider: query.provider, twoFactor: query.twoFactor, cursor: changes.cursor, page: changes.page, limit: query.limit === 25 ? undefined : query.limit })) {
        if (value !== undefined && value !== '' && !(name === 'page' && value === 1)) {
            params.set(name, String(value));
        }
    }

    const text = params.toString();
    return text ? `/admin/users?${text}` : '/admin/users';
};

/** The ids of accounts locked now, or undefined without the Staffgate core. */
const lockedIds = async (extensions: CoreExtensions): Promise<Set<string> | undefined> => {

    if (!await extensions.available()) {
        return undefined;
    }

    return new Set((await extensions.lockedAccounts()).map((account) => account.userId));
};

export const listUsers = async (query: UserListQuery, providers: readonly SocialProvider[], extensions: CoreExtensions): Promise<UserListView> => {

    const [locked, enrolled] = await Promise.all([lockedIds(extensions), twoFactorIds(extensions)]);
    const searching = isSearch(query);
    // Without the Staffgate core nobody is known to have two-factor or not: the filter matches no one.
    const found = query.twoFactor !== '' && enrolled === undefined ? { users: [], next: undefined, capped: false }
        : searching ? await search(query, enrolled ?? new Set()) : await browse(query);

    const rows = found.users.map((user) => describeUserRow(user, providers, locked ?? new Set(), enrolled));
    return {
        rows,
        searching,
        page: query.page,
        next: found.next,
        previous: searching && query.page > 1 ? listPath(query, { page: query.page - 1 }) : undefined,
        first: query.page > 1 || query.cursor ? listPath(query, {}) : undefined,
        capped: found.capped,
        lockoutsUnknown: locked === undefined,
        twoFactorUnknown: enrolled === undefined
    };
};

/** Whether the query pages by number over at most `searchCap` users, rather than with the SDK's cursors. */
export const isSearch = (query: Pick<UserListQuery, 'q' | 'provider' | 'twoFactor'>): boolean => {

    return query.q !== '' || (query.provider !== '' && query.provider !== emailPasswordFilter) || query.twoFactor !== '';
};

const search = async (query: UserListQuery, enrolled: ReadonlySet<string>): Promise<{ users: User[]; next: string | undefined; capped: boolean }> => {

    // With both an email and a provider, the core ORs them: search by email and filter the provider here.
    const terms: Record<string, string> | undefined = query.q !== '' ? { email: query.q }
        : query.provider !== '' && query.provider !== emailPasswordFilter ? { provider: query.provider } : undefined;

    const filteredHere = (query.q !== '' && query.provider !== '') || query.twoFactor !== '';
    const end = query.page * query.limit;
    const limit = filteredHere ? searchCap : Math.min(searchCap, end + 1);
    const users = terms ? (await SuperTokens.getUsersNewestFirst({ tenantId, limit, query: terms })).users : await newestUsers(limit);
    const matching = users.filter((user) => matchesProvider(user, query.provider) && matchesTwoFactor(user, query.twoFactor, enrolled));
    return {
        users: matching.slice(end - query.limit, end),
        next: matching.length > end ? listPath(query, { page: query.page + 1 }) : undefined,
        capped: users.length >= searchCap
    };
};

/** The newest `limit` users, read a listing page (at most 500, the core's cap outside search) at a time. */
const newestUsers = async (limit: number): Promise<User[]> => {

    const users: User[] = [];
    let paginationToken: string | undefined;
    do {
        const page = await SuperTokens.getUsersNewestFirst({ tenantId, limit: Math.min(limit - users.length, listingCap), paginationToken });
        users.push(...page.users);
        paginationToken = page.nextPaginationToken;
    } while (paginationToken !== undefined && users.length < limit);

    return users;
};

const browse = async (query: UserListQuery): Promise<{ users: User[]; next: string | undefined; capped: boolean }> => {

    const includeRecipeIds = query.provider === emailPasswordFilter ? [emailPasswordFilter] : undefined;

    // A page number without a cursor: walk the tokens up to it (pages are capped, so this stays short).
    let paginationToken = query.cursor;
    if (paginationToken === undefined && query.page > 1) {
        let skip = (query.page - 1) * query.limit;
        while (skip > 0) {
            const step = Math.min(skip, listingCap);
            const skipped = await SuperTokens.getUsersNewestFirst({ tenantId, limit: step, paginationToken, includeRecipeIds });
            paginationToken = skipped.nextPaginationToken;
            skip -= step;
            if (paginationToken === undefined) {
                return { users: [], next: undefined, capped: false };
            }
        }
    }

    const { users, nextPaginationToken } = await SuperTokens.getUsersNewestFirst({ tenantId, limit: query.limit, paginationToken, includeRecipeIds });
    return {
        users,
        next: nextPaginationToken === undefined ? undefined : listPath(query, { cursor: nextPaginationToken, page: query.page + 1 }),
        capped: false
    };
};
