/*
 * The dashboard's post-redirect-get messages (see ../flash.ts), on a cookie scoped to /dashboard.
 */

import { flashCookie } from '../flash';


export type { Flash } from '../flash';

/** "Signed out 2 other sessions." */
export const describeRevoked = (count: number): string => {

    if (count === 0) {
        return 'There were no other sessions to sign out.';
    }

    return `Signed out ${count} other session${count === 1 ? '' : 's'}.`;
};


const dashboardFlash = flashCookie({
    name: 'flash',
    path: '/dashboard',
    messages: {
        'sessions-revoked': describeRevoked,
        'device-signed-out': () => 'That device was signed out.',
        'device-gone': () => 'That device was already signed out.',
        'profile-saved': () => 'Your display name was saved.',
        'email-changed': () => 'Your email address was changed. We told the old address.'
    }
});

export type FlashCode = 'sessions-revoked' | 'device-signed-out' | 'device-gone' | 'profile-saved' | 'email-changed';
export const registerFlash = dashboardFlash.register;
export const setFlash = dashboardFlash.set;
export const takeFlash = dashboardFlash.take;
