import type { ResponseToolkit } from '@hapi/hapi';
import Totp from 'supertokens-node/recipe/totp';

import type { CoreExtensions } from '../../../core-extensions';


export interface SecurityContext {
    readonly flash?: { type: string; message: string };
    readonly errors?: Record<string, string>;
    /** A new set of recovery codes, shown this once. */
    readonly codes?: readonly string[];
}

/** /dashboard/security: the user's authenticators and recovery codes. */
export const securityView = async (h: Pick<ResponseToolkit, 'view'>, extensions: CoreExtensions, userId: string, context: SecurityContext = {}) => {

    const [list, recovery] = await Promise.all([Totp.listDevices(userId), extensions.recoveryCodes(userId)]);
    const devices = list.status === 'OK' ? list.devices.filter((device) => device.verified) : [];
    return h.view('dashboard/security', {
        title: 'Two-factor sign-in',
        script: 'mfa',
        signedIn: true,
        devices: devices.map((device) => ({ name: device.name })),
        hasDevices: devices.length > 0,
        recovery,
        codes: context.codes,
        errors: context.errors ?? {},
        flash: context.flash
    });
};
