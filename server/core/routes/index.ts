import type { ServerRoute } from '@hapi/hapi';

import type { CoreServices } from '../services';
import { mapServiceErrors } from '../transport/errors';
import { jwks } from './.well-known/jwks.json';
import { apiVersion } from './apiversion';
import { healthLive } from './health/live';
import { healthReady } from './health/ready';
import { hello } from './hello';
import { unlinkAccount } from './recipe/accountlinking/unlink';
import { createJwt, getJwtJwks } from './recipe/jwt/create';
import { updateJwtData } from './recipe/jwt/data';
import { putThirdPartyConfig, removeThirdPartyConfig } from './recipe/multitenancy/config-thirdparty';
import { getTenant, listTenants } from './recipe/multitenancy/tenant';
import { checkCode, consumeCode, createCode, listCodes, revokeAllCodes, revokeCode } from './recipe/passwordless/codes';
import { getRolePermissions, listRoles, putRole, removeRole, removeRolePermissions, rolesWithPermission, usersWithRole } from './recipe/roles';
import { createSession, getSession } from './recipe/session';
import { updateSessionData } from './recipe/session/data';
import { refreshSession } from './recipe/session/refresh';
import { regenerateSession } from './recipe/session/regenerate';
import { removeSessions } from './recipe/session/remove';
import { listUserSessions } from './recipe/session/user';
import { verifySession } from './recipe/session/verify';
import { signIn } from './recipe/signin';
import { signInUp } from './recipe/signinup';
import { signUp } from './recipe/signup';
import { createTotpDevice, listTotpDevices, removeTotpDevice, renameTotpDevice, verifyTotpDevice } from './recipe/totp/device';
import { verifyTotp } from './recipe/totp/verify';
import { updateUser } from './recipe/user';
import { createVerificationToken, isEmailVerified, revokeVerificationTokens, unverifyEmail, verifyEmail } from './recipe/user/email/verify';
import { getMetadata, removeMetadata, updateMetadata } from './recipe/user/metadata';
import { consumeResetToken, createResetToken } from './recipe/user/password-reset';
import { addUserRole, getUserRoles, removeUserRole } from './recipe/user/role';
import type { RouteFactory } from './route';
import { accountState } from './staffgate/account-state';
import { appendAuditEvent, countAuditEvents, listAuditEvents } from './staffgate/audit';
import { banUser, getBan, unbanUser } from './staffgate/ban';
import { acceptInvitation, checkInvitation, createInvitation, listInvitations, pendingInvitation, resendInvitation, revokeInvitation } from './staffgate/invitations';
import { getLockout, listLockouts, resetLockout } from './staffgate/lockout';
import { claimMail, enqueueMail, mailStats, markMailFailed, markMailSent } from './staffgate/mail';
import { checkResetToken } from './staffgate/password-reset';
import { consumeRecoveryCode, generateRecoveryCodes, getRecoveryCodes, removeRecoveryCodes } from './staffgate/recovery-codes';
import { countSessions, listSessionEnds } from './staffgate/sessions';
import { getTwoFactor, listTwoFactorUsers, resetTwoFactor } from './staffgate/two-factor';
import { getUserOverview } from './staffgate/user-overview';
import { countStaffUsers, listStaffUsers } from './staffgate/users';
import { getUser } from './user/id';
import { removeUser } from './user/remove';
import { searchTags } from './user/search-tags';
import { usersByAccountInfo } from './users/by-accountinfo';
import { countUsers, listUsers } from './users/list';


const factories: RouteFactory[] = [
    hello, apiVersion, jwks, healthLive, healthReady,
    getTenant, listTenants, putThirdPartyConfig, removeThirdPartyConfig,
    createSession, getSession, verifySession, refreshSession, regenerateSession, removeSessions, listUserSessions, updateSessionData, updateJwtData,
    signUp, signIn, updateUser, createResetToken, consumeResetToken,
    signInUp,
    createVerificationToken, verifyEmail, isEmailVerified, unverifyEmail, revokeVerificationTokens,
    putRole, listRoles, getRolePermissions, removeRolePermissions, rolesWithPermission, removeRole, usersWithRole, addUserRole, removeUserRole, getUserRoles,
    getMetadata, updateMetadata, removeMetadata,
    getUser, removeUser, searchTags, usersByAccountInfo, listUsers, countUsers, unlinkAccount,
    createJwt, getJwtJwks,
    createCode, consumeCode, checkCode, listCodes, revokeCode, revokeAllCodes,
    listAuditEvents, countAuditEvents, appendAuditEvent, getLockout, listLockouts, resetLockout, getBan, banUser, unbanUser, countSessions,
    createTotpDevice, renameTotpDevice, listTotpDevices, removeTotpDevice, verifyTotpDevice, verifyTotp,
    generateRecoveryCodes, consumeRecoveryCode, getRecoveryCodes, removeRecoveryCodes, getTwoFactor, listTwoFactorUsers, resetTwoFactor,
    listInvitations, createInvitation, resendInvitation, revokeInvitation, checkInvitation, acceptInvitation, pendingInvitation,
    listSessionEnds,
    enqueueMail, claimMail, markMailSent, markMailFailed, mailStats,
    accountState,
    listStaffUsers, countStaffUsers, getUserOverview,
    checkResetToken
];

/** Every route of the core, each with its services' typed errors mapped to responses (transport/errors.ts). */
export const coreRoutes = (services: CoreServices): ServerRoute[] => factories.flatMap((factory) => factory(services)).map(mapServiceErrors);
