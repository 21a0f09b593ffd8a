/*
 * Two-factor sign-in as the admin area sees it (the core's /staffgate/two-factor endpoints): a user's devices and
 * recovery codes for the user page, who has a second factor for the user list and the overview, and the admin
 * reset (devices and recovery codes gone, every session ended, the user told by email).
 */

import Session from 'supertokens-node/recipe/session';

import type { MailDelivery, MailMessage } from '../../auth/mail';
import type { CoreExtensions, RequestContext, TwoFactorView } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';


export interface TwoFactorDeviceRow {
    readonly name: string;
    readonly verified: boolean;
    readonly added: TimeView;
    readonly lastUsed: TimeView | undefined;
}

export interface TwoFactorPanelView {
    /** A verified device: the user is asked for a code at sign-in. */
    readonly enabled: boolean;
    readonly devices: TwoFactorDeviceRow[];
    readonly recoveryCodes: { readonly total: number; readonly remaining: number; readonly created: TimeView | undefined };
    /** Something a reset would remove. */
    readonly resettable: boolean;
}

export const describeTwoFactor = (view: TwoFactorView): TwoFactorPanelView => ({
    enabled: view.enabled,
    devices: view.devices.map((device) => ({
        name: device.name,
        verified: device.verified,
        added: describeTime(device.createdAt),
        lastUsed: device.lastUsedAt === undefined ? undefined : describeTime(device.lastUsedAt)
    })),
    recoveryCodes: {
        total: view.recoveryCodes.total,
        remaining: view.recoveryCodes.remaining,
        created: view.recoveryCodes.createdAt === undefined ? undefined : describeTime(view.recoveryCodes.createdAt)
    },
    resettable: view.devices.length > 0 || view.recoveryCodes.total > 0
});

/** The ids of the users with a second factor, or undefined without the Staffgate core. */
export const twoFactorIds = async (extensions: CoreExtensions): Promise<Set<string> | undefined> => {

    if (!await extensions.available()) {
        return undefined;
    }

    return new Set(await extensions.twoFactorUsers());
};


export const twoFactorResetMessage = (to: string): MailMessage => ({
    to,
    subject: 'Your Staffgate two-factor sign-in was reset',
    text: [
        'Hello,',
        '',
        'Your two-factor sign-in was reset by an administrator: your authenticator app devices and your',
        'recovery codes no longer work, and you were signed out everywhere.',
        'The next time you sign in you can set up an authenticator app again.',
        '',
        'If you did not ask for this, tell your administrator or IT security team now: someone may be',
        'trying to get into your account.',
        ''
    ].join('\n')
});

export interface TwoFactorReset {
    /** False when the user had no device and no recovery code: nothing else was done. */
    readonly removed: boolean;
    readonly sessionsRevoked: number;
}

/**
 * The admin reset: removes the user's devices and recovery codes (the core records `two_factor_reset` with the
 * acting admin), then ends every session of theirs and emails them. `context` names the admin for both the core's
 * extension call and the SDK's session call (`userContext`).
 */
export const resetTwoFactor = async (input: {
    readonly extensions: CoreExtensions;
    readonly mail: MailDelivery;
    readonly userId: string;
    readonly email: string | undefined;
    readonly context: RequestContext;
    readonly userContext: Record<string, any>;
}): Promise<TwoFactorReset> => {

    const { devicesRemoved, recoveryCodesRemoved } = await input.extensions.resetTwoFactor(input.userId, input.context);
    if (devicesRemoved === 0 && recoveryCodesRemoved === 0) {
        return { removed: false, sessionsRevoked: 0 };
    }

    // A session that passed the second factor must not outlive the factor.
    const revoked = await Session.revokeAllSessionsForUser(input.userId, true, undefined, input.userContext);
    if (input.email !== undefined) {
        await input.mail.send(twoFactorResetMessage(input.email));
    }

    return { removed: true, sessionsRevoked: revoked.length };
};
