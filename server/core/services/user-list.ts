/*
 * Staffgate's admin user list: substring search on the email, filters (role, account state, sign-in method), three
 * sorts, a count, and keyset paging both ways. The CDI's GET /users keeps its own semantics (email prefix, time
 * joined only); this is an extension for the admin area.
 *
 * A cursor names a row of the list: the sort key's value and the user id, as base64url JSON. Next pages after the
 * last row shown; Previous asks for the rows before the first row shown, in the reverse order, and turns them
 * round. A cursor is only a position: a forged one shows another part of the same list, nothing more.
 */

import type { Clock } from './clock';
import { InvalidInputError } from './errors';
import type { RecipeId, Storage, UserListFilter, UserListKey, UserListRecord, UserListSort, UserListState } from '../storage';


export interface UserListFilterInput {
    readonly search?: string;
    readonly role?: string;
    readonly state?: UserListState;
    /** `emailpassword`, `passwordless`, or `thirdparty:<provider id>`. */
    readonly method?: string;
}

export interface UserListInput extends UserListFilterInput {
    readonly sort: UserListSort;
    readonly order: 'asc' | 'desc';
    readonly limit: number;
    /** The rows after this cursor (Next). */
    readonly after?: string;
    /** The rows before this cursor (Previous). */
    readonly before?: string;
}

export interface UserListJson {
    readonly id: string;
    readonly recipeId: RecipeId;
    readonly email?: string;
    readonly phoneNumber?: string;
    readonly thirdParty?: { readonly id: string; readonly userId: string };
    readonly timeJoined: number;
    readonly verified: boolean;
    readonly lastSignInAt?: number;
    readonly roles: string[];
    readonly banned: boolean;
    readonly locked: boolean;
    readonly twoFactor: boolean;
}

const encodeCursor = (key: UserListKey): string => Buffer.from(JSON.stringify([key.value, key.userId])).toString('base64url');

const decodeCursor = (cursor: string, sort: UserListSort): UserListKey => {

    let parsed: unknown;
    try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    }
    catch {
        parsed = undefined;
    }

    const valueType = sort === 'email' ? 'string' : 'number';
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== valueType || typeof parsed[1] !== 'string' ||
        (valueType === 'number' && !Number.isSafeInteger(parsed[0]))) {

        throw new InvalidInputError('Field name \'cursor\' is invalid in GET request');
    }

    return { value: parsed[0], userId: parsed[1] };
};

const keyOf = (user: UserListRecord, sort: UserListSort): UserListKey => {

    const values = { joined: user.timeJoined, email: user.email ?? '', lastSignIn: user.lastSignInAt ?? 0 };
    return { value: values[sort], userId: user.userId };
};

const toJson = (user: UserListRecord): UserListJson => ({
    id: user.userId,
    recipeId: user.recipeId,
    ...(user.email === undefined ? {} : { email: user.email }),
    ...(user.phoneNumber === undefined ? {} : { phoneNumber: user.phoneNumber }),
    ...(user.thirdParty === undefined ? {} : { thirdParty: user.thirdParty }),
    timeJoined: user.timeJoined,
    verified: user.verified,
    ...(user.lastSignInAt === undefined ? {} : { lastSignInAt: user.lastSignInAt }),
    roles: user.roles,
    banned: user.banned,
    locked: user.locked,
    twoFactor: user.twoFactor
});


export class UserList {

    readonly #appId: string;
    readonly #tenantId: string;
    readonly #storage: Pick<Storage, 'userList'>;
    readonly #clock: Clock;
    readonly #lockoutThreshold: number;

    constructor(options: { appId: string; tenantId: string; storage: Pick<Storage, 'userList'>; clock: Clock; lockoutThreshold: number }) {

        this.#appId = options.appId;
        this.#tenantId = options.tenantId;
        this.#storage = options.storage;
        this.#clock = options.clock;
        this.#lockoutThreshold = options.lockoutThreshold;
    }

    /** A page of the list, with the cursors of the pages beside it (absent at either end). */
    async list(input: UserListInput): Promise<{ status: 'OK'; users: UserListJson[]; nextCursor?: string; previousCursor?: string }> {

        if (input.after !== undefined && input.before !== undefined) {
            throw new InvalidInputError('Only one of after and before may be given');
        }

        const backwards = input.before !== undefined;
        const cursor = input.after ?? input.before;
        const order = (input.order === 'desc') !== backwards ? 'DESC' : 'ASC';

        // One row more than the page says whether there is more in the direction of travel.
        const rows = await this.#storage.userList.listUserPage(this.#appId, this.#tenantId, {
            ...this.#filter(input),
            sort: input.sort,
            order,
            limit: input.limit + 1,
            ...(cursor === undefined ? {} : { after: decodeCursor(cursor, input.sort) })
        });

        const more = rows.length > input.limit;
        const page = rows.slice(0, input.limit);
        if (backwards) {
            page.reverse();
        }

        const first = page[0];
        const last = page[page.length - 1];
        const hasNext = backwards ? cursor !== undefined : more;
        const hasPrevious = backwards ? more : cursor !== undefined;
        return {
            status: 'OK',
            users: page.map(toJson),
            ...(hasNext && last ? { nextCursor: encodeCursor(keyOf(last, input.sort)) } : {}),
            ...(hasPrevious && first ? { previousCursor: encodeCursor(keyOf(first, input.sort)) } : {})
        };
    }

    async count(input: UserListFilterInput): Promise<{ status: 'OK'; count: number }> {

        return { status: 'OK', count: await this.#storage.userList.countUserList(this.#appId, this.#tenantId, this.#filter(input)) };
    }

    #filter(input: UserListFilterInput): UserListFilter {

        return {
            ...(input.search ? { search: input.search.toLowerCase() } : {}),
            ...(input.role === undefined ? {} : { role: input.role }),
            ...(input.state === undefined ? {} : { state: input.state }),
            ...(input.method === undefined ? {} : { method: parseMethod(input.method) }),
            lockout: { now: this.#clock(), threshold: this.#lockoutThreshold }
        };
    }
}

const parseMethod = (method: string): UserListFilter['method'] => {

    if (method === 'emailpassword' || method === 'passwordless') {
        return { recipeId: method };
    }

    const provider = /^thirdparty:(.+)$/.exec(method)?.[1];
    if (provider === undefined) {
        throw new InvalidInputError('Field name \'method\' is invalid in GET request');
    }

    return { recipeId: 'thirdparty', thirdPartyId: provider };
};
