/*
 * The user list. With the Staffgate core: its /staffgate/users endpoint does the work (substring search on the
 * email, filters by role, state and sign-in method, three sorts, a count, keyset cursors both ways), one call for
 * the page and one for the count.
 *
 * Against an official SuperTokens core (no extension endpoints) the list falls back to what the CDI offers:
 * browsing newest first with the SDK's pagination token, or searching by email prefix and/or provider. The core's
 * search mode (GET /users with email= or provider=) has no pagination (cdi-5.4 §3.1: up to 1000 rows) and ORs its
 * terms, so a search fetches what the page needs (at most 1000 users), filters by provider here and cuts the page
 * out with `page`. Role and state filters and the other sorts need the Staffgate core: the page says so.
 */

import SuperTokens, { type User } from 'supertokens-node';

import type { CoreExtensions, UserListEntry, UserListFilterQuery } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import type { SocialProvider } from '../../pages/providers';
import { userPath } from '../paths';


export const tenantId = 'public';

/** The core's cap on search results. */
export const searchCap = 1000;

/** The core's cap on a page of the listing (not searching). */
const listingCap = 500;

/** The pseudo-provider of email-password users (official core) and the method filter's value for them. */
export const emailPasswordFilter = 'emailpassword';

/** The method filter's value for email sign-in links (passwordless). */
export const linkFilter = 'link';

export type UserStateFilter = '' | 'banned' | 'locked' | 'unverified' | 'noTwoFactor';

export type UserSort = 'joined' | 'email' | 'lastSignIn';

export type UserListQuery = {
    /** Part of the email ('' for none); with an official core, the start of the email or of its domain. */
    readonly q: string;
    /** A role name, or '' for any. */
    readonly role: string;
    readonly state: UserStateFilter;
    /** `emailpassword`, `link`, a thirdPartyId, or '' for any. */
    readonly method: string;
    readonly sort: UserSort;
    readonly order: 'asc' | 'desc';
    /** Staffgate core: the core's cursor of the row before (Next) or after (Previous) this page. */
    readonly after?: string;
    readonly before?: string;
    /** Official core: the SDK's pagination token of the page to show (browsing only). */
    readonly cursor?: string;
    /** 1-based page number: the official core's search pages by it; otherwise a label. */
    readonly page: number;
    readonly limit: number;
};

/** The filters of a query, as the list's links, the export and the core take them. */
export type UserListFilters = Pick<UserListQuery, 'q' | 'role' | 'state' | 'method' | 'sort' | 'order'>;

export interface UserRow {
    readonly id: string;
    readonly path: string;
    readonly email: string | undefined;
    /** The email, or the phone number of a phone-only user. */
    readonly contact: string | undefined;
    readonly methods: string[];
    readonly joined: TimeView;
    readonly lastSignIn: TimeView | undefined;
    readonly verified: boolean;
    readonly locked: boolean;
    readonly banned: boolean;
    readonly roles: string[];
    /** Has a verified TOTP device; undefined without the Staffgate core. */
    readonly twoFactor: boolean | undefined;
}

export interface UserListView {
    readonly rows: UserRow[];
    readonly searching: boolean;
    readonly page: number;
    /** How many users match (Staffgate core). */
    readonly total: number | undefined;
    /** The address of the next page, when there is one. */
    readonly next: string | undefined;
    /** The address of the previous page, when there is one. */
    readonly previous: string | undefined;
    /** The first page of this listing, when this is not it. */
    readonly first: string | undefined;
    /** The official core's search hit its cap: there may be more matches than can be shown. */
    readonly capped: boolean;
    /** Running on an official core: locks, bans, roles and last sign-in are not shown. */
    readonly lockoutsUnknown: boolean;
    /** The two-factor column and filter need the Staffgate core, which this is not. */
    readonly twoFactorUnknown: boolean;
    /** A filter or sort was asked for that only the Staffgate core can do. */
    readonly needsCore: boolean;
}

/** "Email and password", or the provider's name (or its id when there is no button for it). */
export const methodName = (login: Pick<User['loginMethods'][number], 'recipeId' | 'thirdParty'>, providers: readonly SocialProvider[]): string => {

    if (login.recipeId === 'emailpassword') {
        return 'Email and password';
    }

    if (login.recipeId === 'passwordless') {
        return 'Sign-in link';
    }

    const id = String(login.thirdParty?.id);
    return providers.find((provider) => provider.id === id)?.name ?? id;
};

/** The list's address with these filters and this position ('' parameters and the defaults left out). */
export const listPath = (base: string, query: UserListFilters & { limit?: number }, position: { after?: string; before?: string; cursor?: string; page?: number } = {}): string => {

    const values = {
        q: query.q, role: query.role, state: query.state, method: query.method,
        sort: query.sort === 'joined' ? undefined : query.sort,
        order: query.order === 'desc' ? undefined : query.order,
        ...position,
        page: position.page === 1 ? undefined : position.page,
        limit: query.limit === 25 ? undefined : query.limit
    };

    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
        if (value !== undefined && value !== '') {
            params.set(name, String(value));
        }
    }

    const text = params.toString();
    return text ? `${base}?${text}` : base;
};

/** The filters as the core's /staffgate/users takes them. */
export const coreFilter = (query: UserListFilters): UserListFilterQuery => {

    const method = query.method === '' ? undefined
        : query.method === emailPasswordFilter ? 'emailpassword'
            : query.method === linkFilter ? 'passwordless' : `thirdparty:${query.method}`;

    return {
        ...(query.q === '' ? {} : { search: query.q }),
        ...(query.role === '' ? {} : { role: query.role }),
        ...(query.state === '' ? {} : { state: query.state }),
        ...(method === undefined ? {} : { method })
    };
};

export const describeEntry = (user: UserListEntry, providers: readonly SocialProvider[]): UserRow => ({
    id: user.id,
    path: userPath(user.id),
    email: user.email,
    contact: user.email ?? user.phoneNumber,
    methods: [methodName(user, providers)],
    joined: describeTime(user.timeJoined),
    lastSignIn: user.lastSignInAt === undefined ? undefined : describeTime(user.lastSignInAt),
    verified: user.verified,
    locked: user.locked,
    banned: user.banned,
    roles: user.roles,
    twoFactor: user.twoFactor
});

export const listUsers = async (query: UserListQuery, providers: readonly SocialProvider[], extensions: CoreExtensions): Promise<UserListView> => {

    if (!await extensions.available()) {
        return await listOnOfficialCore(query, providers);
    }

    const filter = coreFilter(query);
    const [page, total] = await Promise.all([
        extensions.listUsers({ ...filter, sort: query.sort, order: query.order, limit: query.limit, after: query.after, before: query.before }),
        extensions.countUsers(filter)
    ]);

    return {
        rows: page.users.map((user) => describeEntry(user, providers)),
        searching: isFiltered(query),
        page: query.page,
        total,
        next: page.nextCursor === undefined ? undefined : listPath('/admin/users', query, { after: page.nextCursor, page: query.page + 1 }),
        previous: page.previousCursor === undefined ? undefined : listPath('/admin/users', query, { before: page.previousCursor, page: Math.max(1, query.page - 1) }),
        first: query.after !== undefined || query.before !== undefined ? listPath('/admin/users', query) : undefined,
        capped: false,
        lockoutsUnknown: false,
        twoFactorUnknown: false,
        needsCore: false
    };
};

/** Whether any filter is set (the empty list then says "no user matches"). */
export const isFiltered = (query: UserListFilters): boolean => query.q !== '' || query.role !== '' || query.state !== '' || query.method !== '';


// The official core: what the CDI offers.

/** The official core cannot do these: roles, states, links, sorts other than newest first. */
const needsStaffgateCore = (query: UserListQuery): boolean => {

    return query.role !== '' || query.state !== '' || query.method === linkFilter || query.sort !== 'joined' || query.order !== 'desc' ||
        query.after !== undefined || query.before !== undefined;
};

/** Whether the official core's list pages by number over at most `searchCap` users, rather than with the SDK's cursors. */
const isSearch = (query: UserListQuery): boolean => query.q !== '' || (query.method !== '' && query.method !== emailPasswordFilter);

const legacyRow = (user: User, providers: readonly SocialProvider[]): UserRow => ({
    id: user.id,
    path: userPath(user.id),
    email: user.emails[0],
    contact: user.emails[0] ?? user.phoneNumbers[0],
    methods: [...new Set(user.loginMethods.map((login) => methodName(login, providers)))],
    joined: describeTime(user.timeJoined),
    lastSignIn: undefined,
    verified: user.loginMethods.some((login) => login.verified),
    locked: false,
    banned: false,
    roles: [],
    twoFactor: undefined
});

const listOnOfficialCore = async (query: UserListQuery, providers: readonly SocialProvider[]): Promise<UserListView> => {

    const needsCore = needsStaffgateCore(query);
    const searching = isSearch(query);
    const found = needsCore ? { users: [], next: undefined, capped: false } : searching ? await search(query) : await browse(query);
    return {
        rows: found.users.map((user) => legacyRow(user, providers)),
        searching: searching || needsCore,
        page: query.page,
        total: undefined,
        next: found.next,
        previous: searching && query.page > 1 ? listPath('/admin/users', query, { page: query.page - 1 }) : undefined,
        first: query.page > 1 || query.cursor ? listPath('/admin/users', query) : undefined,
        capped: found.capped,
        lockoutsUnknown: true,
        twoFactorUnknown: true,
        needsCore
    };
};

const matchesProvider = (user: User, provider: string): boolean => {

    if (provider === '') {
        return true;
    }

    return user.loginMethods.some((login) => (provider === emailPasswordFilter ? login.recipeId === 'emailpassword' : login.thirdParty?.id === provider));
};

const search = async (query: UserListQuery): Promise<{ users: User[]; next: string | undefined; capped: boolean }> => {

    // With both an email and a provider, the core ORs them: search by email and filter the provider here.
    const terms: Record<string, string> | undefined = query.q !== '' ? { email: query.q }
        : query.method !== '' && query.method !== emailPasswordFilter ? { provider: query.method } : undefined;

    const filteredHere = query.q !== '' && query.method !== '';
    const end = query.page * query.limit;
    const limit = filteredHere ? searchCap : Math.min(searchCap, end + 1);
    const users = (await SuperTokens.getUsersNewestFirst({ tenantId, limit, query: terms })).users;
    const matching = users.filter((user) => matchesProvider(user, query.method));
    return {
        users: matching.slice(end - query.limit, end),
        next: matching.length > end ? listPath('/admin/users', query, { page: query.page + 1 }) : undefined,
        capped: users.length >= searchCap
    };
};

const browse = async (query: UserListQuery): Promise<{ users: User[]; next: string | undefined; capped: boolean }> => {

    const includeRecipeIds = query.method === emailPasswordFilter ? [emailPasswordFilter] : undefined;

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
        next: nextPaginationToken === undefined ? undefined : listPath('/admin/users', query, { cursor: nextPaginationToken, page: query.page + 1 }),
        capped: false
    };
};
