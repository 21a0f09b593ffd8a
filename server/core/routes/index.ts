import type { ServerRoute } from '@hapi/hapi';

import type { CoreServices } from '../services';
import { apiVersion } from './apiversion';
import { hello } from './hello';
import { jwks } from './.well-known/jwks.json';
import { getTenant, listTenants } from './recipe/multitenancy/tenant';
import { createSession, getSession } from './recipe/session';
import { updateSessionData } from './recipe/session/data';
import { refreshSession } from './recipe/session/refresh';
import { regenerateSession } from './recipe/session/regenerate';
import { removeSessions } from './recipe/session/remove';
import { listUserSessions } from './recipe/session/user';
import { verifySession } from './recipe/session/verify';
import { updateJwtData } from './recipe/jwt/data';
import { signIn } from './recipe/signin';
import { signUp } from './recipe/signup';
import { updateUser } from './recipe/user';
import { consumeResetToken, createResetToken } from './recipe/user/password-reset';
import type { RouteFactory } from './route';
import { getUser } from './user/id';
import { removeUser } from './user/remove';
import { usersByAccountInfo } from './users/by-accountinfo';
import { countUsers, listUsers } from './users/list';


const factories: RouteFactory[] = [
    hello, apiVersion, jwks,
    getTenant, listTenants,
    createSession, getSession, verifySession, refreshSession, regenerateSession, removeSessions, listUserSessions, updateSessionData, updateJwtData,
    signUp, signIn, updateUser, createResetToken, consumeResetToken,
    getUser, removeUser, usersByAccountInfo, listUsers, countUsers
];

export const coreRoutes = (services: CoreServices): ServerRoute[] => factories.flatMap((factory) => factory(services));
