/*
 * Second factors set up the way the core's CDI endpoints do it for the SDK's TOTP recipe (a device, verified with
 * a code the test computes), and recovery codes through the core's extension endpoint: for admin tests that need a
 * user with two-factor sign-in without going through the enrolment pages.
 */

import type { Core } from '../../server/core';
import { coreRequest } from './core-api';
import { totpCode } from './totp';
import type { TestApp } from './web';


/** Creates and verifies a TOTP device for `userId` (now, on the real clock); returns its secret. */
export const enrolTotp = async (app: TestApp | Core, userId: string, deviceName = 'Phone'): Promise<string> => {

    const created = await coreRequest(app, 'POST', '/recipe/totp/device', { userId, deviceName, skew: 1, period: 30 });
    if (created.status !== 'OK') {
        throw new Error(`could not create a TOTP device: ${created.status}`);
    }

    const verified = await coreRequest(app, 'POST', '/public/recipe/totp/device/verify', { userId, deviceName, totp: totpCode(created.secret, Date.now()) });
    if (verified.status !== 'OK') {
        throw new Error(`could not verify the TOTP device: ${verified.status}`);
    }

    return created.secret;
};

/** A new set of ten recovery codes for `userId`. */
export const makeRecoveryCodes = async (app: TestApp, userId: string): Promise<string[]> => {

    return (await coreRequest(app, 'POST', '/staffgate/recovery-codes', { userId })).codes;
};

/** The user's second factors as the core's admin view has them. */
export const twoFactorOf = async (app: TestApp | Core, userId: string) => await coreRequest(app, 'GET', `/staffgate/two-factor?userId=${encodeURIComponent(userId)}`);
