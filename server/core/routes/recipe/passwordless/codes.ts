/*
 * Passwordless codes and magic links (rid passwordless): create, consume or check, list and revoke. The tenant is
 * always `public` (the transport refuses others).
 */

import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import { publicTenant } from '../../../services';
import { PasswordlessInputError, type CodeProof, type PasswordlessCaller } from '../../../services/passwordless';
import { body, optionalQuery, optionalString, type JsonObject } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const createCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code',
    handler: (request) => {

        const input = body(request);
        const userInputCode = optionalString(input, 'userInputCode');
        if (userInputCode === '') {
            throw Boom.badRequest('userInputCode cannot be an empty string.');
        }

        const target = exactlyOne(input, ['email', 'phoneNumber', 'deviceId'], 'Please provide exactly one of email, phoneNumber or deviceId');
        return badInputAs400(passwordless.createCode(publicTenant, target, userInputCode));
    }
});

export const consumeCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code/consume',
    handler: (request) => badInputAs400(passwordless.consumeCode(publicTenant, codeProof(body(request)), true, callerOf(request)))
});

export const checkCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code/check',
    handler: (request) => badInputAs400(passwordless.consumeCode(publicTenant, codeProof(body(request)), false, callerOf(request)))
});

export const listCodes: RouteFactory = ({ passwordless }) => ({
    method: 'GET',
    path: '/recipe/signinup/codes',
    handler: (request) => {

        const names = ['email', 'phoneNumber', 'deviceId', 'preAuthSessionId'] as const;
        const given = names.filter((name) => optionalQuery(request, name) !== undefined);
        if (given.length !== 1) {
            throw Boom.badRequest('Please provide exactly one of email, phoneNumber, deviceId or preAuthSessionId');
        }

        const name = given[0]!;
        const value = optionalQuery(request, name)!;
        return badInputAs400(passwordless.listCodes(publicTenant, name === 'email' ? { email: value } : name === 'phoneNumber' ? { phoneNumber: value } : name === 'deviceId' ? { deviceId: value } : { preAuthSessionId: value }));
    }
});

export const revokeCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code/remove',
    handler: (request) => {

        const input = body(request);
        const codeId = optionalString(input, 'codeId');
        const preAuthSessionId = optionalString(input, 'preAuthSessionId');
        if (codeId === undefined && preAuthSessionId === undefined) {
            throw Boom.badRequest('Please provide either \'codeId\' or \'preAuthSessionId\'');
        }

        if (codeId !== undefined && preAuthSessionId !== undefined) {
            throw Boom.badRequest('Please provide only one of \'codeId\' or \'preAuthSessionId\'');
        }

        return passwordless.revokeCode(publicTenant, codeId === undefined ? { preAuthSessionId: preAuthSessionId! } : { codeId });
    }
});

export const revokeAllCodes: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/codes/remove',
    handler: (request) => {

        const contact = exactlyOne(body(request), ['email', 'phoneNumber'], 'Please provide exactly one of email or phoneNumber');
        return passwordless.revokeAllCodes(publicTenant, contact);
    }
});

/** PUT /recipe/user with rid passwordless (the email-password route hands it over): change email or phone number. */
export const updatePasswordlessUser = (services: Parameters<RouteFactory>[0], request: Request) => {

    const input = body(request);
    const nullable = (name: string) => (input[name] === null ? null : optionalString(input, name));
    const change = { email: nullable('email'), phoneNumber: nullable('phoneNumber') };
    if (change.email === null && change.phoneNumber === null) {
        throw Boom.badRequest('You cannot clear both email and phone number of a user');
    }

    const recipeUserId = typeof input.recipeUserId === 'string' ? input.recipeUserId : optionalString(input, 'userId');
    if (recipeUserId === undefined) {
        throw Boom.badRequest('Field name \'recipeUserId\' is invalid in JSON input');
    }

    return badInputAs400(services.passwordless.updateUser(recipeUserId, change, callerOf(request)));
};


const exactlyOne = <N extends string>(input: JsonObject, names: readonly N[], message: string): { [K in N]: Record<K, string> }[N] => {

    const given = names.filter((name) => optionalString(input, name) !== undefined);
    if (given.length !== 1) {
        throw Boom.badRequest(message);
    }

    const name = given[0]!;
    return { [name]: optionalString(input, name)! } as { [K in N]: Record<K, string> }[N];
};

const codeProof = (input: JsonObject): CodeProof => {

    const preAuthSessionId = optionalString(input, 'preAuthSessionId');
    const linkCode = optionalString(input, 'linkCode');
    const deviceId = optionalString(input, 'deviceId');
    const userInputCode = optionalString(input, 'userInputCode');
    const byLink = linkCode !== undefined && deviceId === undefined && userInputCode === undefined;
    const byCode = linkCode === undefined && deviceId !== undefined && userInputCode !== undefined;
    if (!byLink && !byCode) {
        throw Boom.badRequest('Please provide exactly one of linkCode or deviceId+userInputCode');
    }

    if (preAuthSessionId === undefined) {
        throw Boom.badRequest('Field name \'preAuthSessionId\' is invalid in JSON input');
    }

    return byLink ? { preAuthSessionId, linkCode: linkCode! } : { preAuthSessionId, deviceId: deviceId!, userInputCode: userInputCode! };
};

const callerOf = (request: Request): PasswordlessCaller => {

    const header = (name: string) => {

        const value = request.headers[name];
        return typeof value === 'string' && value.length ? value.slice(0, 512) : undefined;
    };

    const ip = header('x-staffgate-ip');
    const userAgent = header('x-staffgate-user-agent');
    return { ...(ip === undefined ? {} : { ip }), ...(userAgent === undefined ? {} : { userAgent }) };
};

const badInputAs400 = async <T>(result: Promise<T>): Promise<T> => {

    try {
        return await result;
    }
    catch (err) {
        if (err instanceof PasswordlessInputError) {
            throw Boom.badRequest(err.message);
        }

        throw err;
    }
};
