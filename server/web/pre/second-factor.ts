/*
 * Where a signed-in user who still owes the second factor is sent: the challenge (/auth/mfa) when they have a
 * verified device, enrolment (/auth/mfa/setup) otherwise, coming back to the page they asked for. A request that is
 * not a page (a form POST, an API call) has nowhere to come back to: it gets a 403.
 */

import * as Boom from '@hapi/boom';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import Totp from 'supertokens-node/recipe/totp';

import { websiteBasePath } from '../auth/paths';


export const mfaPath = `${websiteBasePath}/mfa`;
export const mfaSetupPath = `${websiteBasePath}/mfa/setup`;

const pageMethods = new Set(['get', 'head']);

/** Whether the user has a device that has been verified (so can answer the challenge). */
export const hasVerifiedDevice = async (userId: string): Promise<boolean> => {

    const list = await Totp.listDevices(userId);
    return list.status === 'OK' && list.devices.some((device) => device.verified);
};

/** The redirect to the challenge or to enrolment (pages), or the 403 (anything else). */
export const secondFactorDetour = async (request: Pick<Request, 'method' | 'path'>, h: Pick<ResponseToolkit, 'redirect'>, userId: string, returnTo: string) => {

    if (!pageMethods.has(request.method)) {
        throw Boom.forbidden('Complete two-factor sign-in first');
    }

    const path = await hasVerifiedDevice(userId) ? mfaPath : mfaSetupPath;
    return h.redirect(`${path}?redirectToPath=${encodeURIComponent(returnTo)}`).takeover();
};
