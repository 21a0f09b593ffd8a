import { publicTenant } from '../../../services';
import { callerOf } from '../../../transport/caller';
import { body, optionalString, requiredInteger, requiredQuery, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// TOTP devices (CDI `rid: totp`). Empty names and out-of-range skew or period are the service's 400s.

export const createTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device',
    handler: (request) => {

        const input = body(request);
        const deviceName = optionalString(input, 'deviceName');
        return totp.createDevice(callerOf(request), {
            userId: requiredString(input, 'userId'),
            ...(deviceName === undefined ? {} : { deviceName }),
            skew: requiredInteger(input, 'skew'),
            period: requiredInteger(input, 'period')
        });
    }
});

export const renameTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'PUT',
    path: '/recipe/totp/device',
    handler: (request) => {

        const input = body(request);
        return totp.renameDevice(callerOf(request), {
            userId: requiredString(input, 'userId'),
            existingDeviceName: requiredString(input, 'existingDeviceName'),
            newDeviceName: requiredString(input, 'newDeviceName')
        });
    }
});

export const listTotpDevices: RouteFactory = ({ totp }) => ({
    method: 'GET',
    path: '/recipe/totp/device/list',
    handler: (request) => totp.listDevices(requiredQuery(request, 'userId'))
});

export const removeTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device/remove',
    handler: (request) => {

        const input = body(request);
        return totp.removeDevice(callerOf(request), { userId: requiredString(input, 'userId'), deviceName: requiredString(input, 'deviceName') });
    }
});

export const verifyTotpDevice: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/device/verify',
    handler: (request) => {

        const input = body(request);
        return totp.verifyDevice(callerOf(request), publicTenant, {
            userId: requiredString(input, 'userId'),
            deviceName: requiredString(input, 'deviceName'),
            totp: requiredString(input, 'totp')
        });
    }
});
