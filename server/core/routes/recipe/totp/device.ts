import * as Boom from '@hapi/boom';

import { callerOf } from '../../../audit';
import { publicTenant } from '../../../services';
import { body, nonEmptyString, requiredQuery, requiredString, type JsonObject } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// TOTP devices (CDI `rid: totp`). The 400 texts are the official core's; the upper bounds on skew and period are
// ours (a code check computes 2·skew+1 codes per device).

const integerField = (input: JsonObject, name: string, min: number, max: number): number => {

    const value = input[name];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw Boom.badRequest(`Field name '${name}' is invalid in JSON input`);
    }

    if (value < min) {
        throw Boom.badRequest(min === 0 ? `${name} must be >= 0` : `${name} must be > 0`);
    }

    if (value > max) {
        throw Boom.badRequest(`${name} must be <= ${max}`);
    }

    return value;
};

const maxSkew = 100;
const maxPeriod = 86_400;


export const createTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device',
    handler: (request) => {

        const input = body(request);
        const userId = nonEmptyString(input, 'userId');
        const deviceName = input.deviceName === undefined || input.deviceName === null ? undefined : nonEmptyString(input, 'deviceName');
        const skew = integerField(input, 'skew', 0, maxSkew);
        const period = integerField(input, 'period', 1, maxPeriod);
        return totp.createDevice({ userId, ...(deviceName === undefined ? {} : { deviceName }), skew, period }, callerOf(request));
    }
});

export const renameTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'PUT',
    path: '/recipe/totp/device',
    handler: (request) => {

        const input = body(request);
        const userId = nonEmptyString(input, 'userId');
        const existingDeviceName = nonEmptyString(input, 'existingDeviceName');
        const newDeviceName = nonEmptyString(input, 'newDeviceName');
        return totp.renameDevice({ userId, existingDeviceName, newDeviceName }, callerOf(request));
    }
});

export const listTotpDevices: RouteFactory = ({ totp }) => ({
    method: 'GET',
    path: '/recipe/totp/device/list',
    handler: (request) => {

        const userId = requiredQuery(request, 'userId');
        if (!userId.length) {
            throw Boom.badRequest('userId cannot be empty');
        }

        return totp.listDevices(userId);
    }
});

export const removeTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device/remove',
    handler: (request) => {

        const input = body(request);
        const userId = nonEmptyString(input, 'userId');
        const deviceName = nonEmptyString(input, 'deviceName');
        return totp.removeDevice({ userId, deviceName }, callerOf(request));
    }
});

export const verifyTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device/verify',
    handler: (request) => {

        const input = body(request);
        const userId = nonEmptyString(input, 'userId');
        const deviceName = nonEmptyString(input, 'deviceName');
        const code = requiredString(input, 'totp');
        return totp.verifyDevice(publicTenant, { userId, deviceName, totp: code }, callerOf(request));
    }
});
