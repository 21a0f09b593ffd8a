/*
 * Roles and their permissions (app-wide in the core), and who has each role.
 */

import UserRoles from 'supertokens-node/recipe/userroles';

import { rolePath, userPath } from '../paths';
import { adminRole, viewerRole } from '../../auth/roles';
import { emailsOf, type PersonView } from './audit';
import { tenantId } from './users';


/** How many holders the role page names. */
export const holdersShown = 100;

const builtIn: Record<string, string> = {
    [adminRole]: 'Everything in the admin area.',
    [viewerRole]: 'Reads the admin area; cannot change anything.'
};

/** A role's permissions and holders; undefined when there is no such role (or it was just deleted). */
const roleFacts = async (name: string): Promise<{ permissions: string[]; holders: string[] } | undefined> => {

    const [permissions, holders] = await Promise.all([UserRoles.getPermissionsForRole(name), UserRoles.getUsersThatHaveRole(tenantId, name)]);
    if (permissions.status !== 'OK' || holders.status !== 'OK') {
        return undefined;
    }

    return { permissions: [...permissions.permissions].sort(), holders: holders.users };
};

export interface RoleRow {
    readonly name: string;
    readonly path: string;
    readonly permissions: string[];
    readonly holders: number;
    /** What the role means to Staffgate itself, for admin and viewer. */
    readonly meaning: string | undefined;
}

export const listRoles = async (): Promise<RoleRow[]> => {

    const { roles } = await UserRoles.getAllRoles();
    const rows = await Promise.all([...roles].sort().map(async (name) => {

        const facts = await roleFacts(name);
        return facts && { name, path: rolePath(name), permissions: facts.permissions, holders: facts.holders.length, meaning: builtIn[name] };
    }));

    return rows.filter((row) => row !== undefined);
};

export interface RoleView {
    readonly name: string;
    readonly path: string;
    readonly permissions: string[];
    readonly holders: PersonView[];
    readonly holderCount: number;
    readonly meaning: string | undefined;
}

/** One role, or undefined when there is no such role. */
export const loadRole = async (name: string): Promise<RoleView | undefined> => {

    const facts = await roleFacts(name);
    if (!facts) {
        return undefined;
    }

    const shown = facts.holders.slice(0, holdersShown);
    const emails = await emailsOf(shown);
    return {
        name,
        path: rolePath(name),
        permissions: facts.permissions,
        holders: shown.map((id) => ({ id, path: userPath(id), email: emails.get(id) })),
        holderCount: facts.holders.length,
        meaning: builtIn[name]
    };
};
