/*
 * Passwordless codes and magic links (rid passwordless): create, consume or check, list and revoke. The tenant is
 * always `public` (the transport refuses others).
 */

import * as Boom from '@hapi/boom';

import { publicTenant } from '../../../services';
import type { CodeProof } from '../../../services/passwordless';
import { callerOf } from '../../../transport/caller';
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
        return passwordless.createCode(publicTenant, target, userInputCode);
    }
});

export const consumeCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code/consume',
    handler: (request) => passwordless.consumeCode(callerOf(request), publicTenant, codeProof(body(request)), true)
});

export const checkCode: RouteFactory = ({ passwordless }) => ({
    method: 'POST',
    path: '/recipe/signinup/code/check',
    handler: (request) => passwordless.consumeCode(callerOf(request), publicTenant, codeProof(body(request)), false)
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
        return passwordless.listCodes(publicTenant, name === 'email' ? { email: value } : name === 'phoneNumber' ? { phoneNumber: value } : name === 'deviceId' ? { deviceId: value } : { preAuthSessionId: value });
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
