/*
 * The confirmation step of destructive user actions: the admin types the user's email (or, for a user without
 * one, the user id), so that a stray click or a form submitted on the wrong page does nothing.
 */

import type { User } from 'supertokens-node';


/** Whether `typed` names `user`: their first email in any case, or their id exactly when they have no email. */
export const confirmsUser = (user: User, typed: string): boolean => {

    const text = typed.trim();
    const expected = user.emails[0];
    return expected === undefined ? text === user.id : text.toLowerCase() === expected.toLowerCase();
};
