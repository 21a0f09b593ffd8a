/*
 * Rendering an admin page: the template under views/admin/, in the base layout, with what every admin page shows
 * (the admin nav with the current section, whether the reader may change things, the flash message).
 */

import * as Boom from '@hapi/boom';
import type { ReqRef, ResponseObject } from '@hapi/hapi';

import { adminRole, viewerRole } from '../auth/roles';
import type { Flash } from '../flash';
import type { FieldErrors } from '../pages/forms';
import { adminContext, type AdminRequest, type AdminToolkit } from './context';
import { adminErrors, type AdminErrorCode } from './error-codes';
import { takeAdminFlash } from './flash';
import { listRoles, loadRole } from './services/roles';
import { loadUserPage } from './services/user-page';


export type AdminSection = 'overview' | 'users' | 'roles' | 'audit' | 'invitations';

export interface AdminPageContext {
    readonly title: string;
    readonly section: AdminSection;
    /** A message to show instead of the one waiting in the flash cookie. */
    readonly flash?: Flash;
    readonly [key: string]: unknown;
}

/** The message of a refused action, shown like a flash. */
export const errorFlash = (code: AdminErrorCode): Flash => ({ type: 'error', message: adminErrors[code] });

export const adminView = <Refs extends ReqRef>(request: AdminRequest<Refs>, h: AdminToolkit<Refs>, template: string, context: AdminPageContext): ResponseObject => {

    const access = request.pre.access;
    const flash = context.flash ?? takeAdminFlash(request, h);
    return h.view(`admin/${template}`, {
        wide: true,
        signedIn: true,
        script: 'local-times',
        canWrite: access.canWrite,
        adminId: access.userId,
        nav: { [context.section]: true },
        needsCore: adminErrors.NEEDS_STAFFGATE_CORE,
        ...context,
        flash
    });
};


export interface FormState {
    /** Field errors, by field name. */
    readonly errors?: FieldErrors;
    /** What the admin typed, to show again. */
    readonly values?: Record<string, string>;
    /** An error about the page as a whole (a refused action). */
    readonly flash?: Flash;
    /** The user page asks to confirm granting this role (admin) before it does. */
    readonly confirmGrant?: string;
}

/** The user page (GET, or a form's answer with errors); the 404 page when there is no such user. */
export const userPage = async <Refs extends ReqRef>(request: AdminRequest<Refs>, h: AdminToolkit<Refs>, userId: string, state: FormState = {}): Promise<ResponseObject> => {

    const { extensions, providers } = adminContext(request);
    const user = await loadUserPage(userId, request.pre.access.userId, providers, extensions);
    if (!user) {
        throw Boom.notFound('No such user');
    }

    return adminView(request, h, 'user', {
        title: user.email ?? user.id,
        section: 'users',
        user,
        errors: state.errors ?? {},
        values: { metadata: user.metadata, ...state.values },
        ...(state.confirmGrant ? { confirmGrant: state.confirmGrant } : {}),
        ...(state.flash ? { flash: state.flash } : {})
    });
};

/** The role page (GET, or a form's answer with errors); the 404 page when there is no such role. */
export const rolePage = async <Refs extends ReqRef>(request: AdminRequest<Refs>, h: AdminToolkit<Refs>, name: string, state: FormState = {}): Promise<ResponseObject> => {

    const role = await loadRole(name);
    if (!role) {
        throw Boom.notFound('No such role');
    }

    return adminView(request, h, 'role', {
        title: `Role ${role.name}`,
        section: 'roles',
        role,
        isAdminRole: role.name === adminRole,
        errors: state.errors ?? {},
        values: { permissions: role.permissions.join('\n'), ...state.values },
        ...(state.flash ? { flash: state.flash } : {})
    });
};

/** The roles page (GET, or the create form's answer with errors). */
export const rolesPage = async <Refs extends ReqRef>(request: AdminRequest<Refs>, h: AdminToolkit<Refs>, state: FormState = {}): Promise<ResponseObject> => {

    const roles = await listRoles();
    return adminView(request, h, 'roles', {
        title: 'Roles',
        section: 'roles',
        roles,
        // The hint suggests creating `viewer` only while it does not exist.
        hasViewer: roles.some((role) => role.name === viewerRole),
        errors: state.errors ?? {},
        values: { name: '', permissions: '', ...state.values }
    });
};
