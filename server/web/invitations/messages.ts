/* The invitation email and its link. */

import type { MailMessage } from '../auth/mail';


export const invitePath = '/auth/invite';

/** Holds the link's token while the invitee is on the page (routes/show.ts). */
export const invitePageCookieName = 'sgInvite';

export const inviteLink = (websiteDomain: string, token: string): string => `${websiteDomain}${invitePath}?token=${encodeURIComponent(token)}`;

/** Hours as the email states them: "7 days", "12 hours". */
export const describeLifetime = (hours: number): string => {

    if (hours >= 48 && hours % 24 === 0) {
        return `${hours / 24} days`;
    }

    const rounded = Math.max(1, Math.round(hours));
    return `${rounded} hour${rounded === 1 ? '' : 's'}`;
};

export const invitationMessage = (to: string, link: string, lifetimeHours: number): MailMessage => ({
    to,
    subject: 'You are invited to Staffgate',
    text: [
        'Hello,',
        '',
        'An administrator invited you to create your Staffgate account for this email address.',
        `To accept, open this link (it works once, for ${describeLifetime(lifetimeHours)}):`,
        '',
        link,
        '',
        'If you did not expect this, ignore this email: no account is created unless you accept.',
        ''
    ].join('\n')
});
