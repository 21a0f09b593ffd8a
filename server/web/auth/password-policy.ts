/*
 * The password policy (NIST SP 800-63B): 12 to 128 characters, any characters, no composition rules, and not a
 * common or context-specific password. The blocklist is zxcvbn-ts with its common dictionary (offline): a password
 * it can guess in under 10^10 tries (score below 3: common passwords, keyboard walks, repeats, dates, sequences and
 * words made of the user's own email) is refused with zxcvbn's own advice.
 *
 * The SDK uses `validatePassword` for sign-up, for a new password through a reset link and for
 * updateEmailOrPassword (the dashboard's password change); `withPasswordContext` adds the user's email to the check
 * where the SDK does not pass it (see below). Invitations are to use `passwordProblem` too.
 */

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { translations } from '@zxcvbn-ts/language-en';


export const minPasswordLength = 12;
export const maxPasswordLength = 128;
/** zxcvbn's score from 0 to 4; 3 and up is "safely unguessable" (10^10 guesses or more). */
export const minPasswordScore = 3;

export const weakPasswordMessage = 'This password is too easy to guess';

let checker: ZxcvbnFactory | undefined;

/** Built on first use: loading the dictionaries takes a moment. */
const zxcvbn = (): ZxcvbnFactory => {

    checker ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs, translations });
    return checker;
};

/** Words a password must not be built on: the email, its local part and the parts of both, and our name. */
export const contextWords = (email: string | undefined): string[] => {

    const words = ['staffgate'];
    if (email) {
        const lower = email.trim().toLowerCase();
        const [local = '', domain = ''] = lower.split('@');
        words.push(lower, local, local.replace(/[^a-z0-9]/g, ''), ...local.split(/[^a-z0-9]+/), domain.split('.')[0] ?? '');
    }

    return words.filter((word) => word.length >= 3);
};

export const ownEmailAdvice = 'Do not build it on your email address.';

const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** zxcvbn scores "name + other word" well; a password that holds the email's whole local part (5+ letters) is refused. */
const containsEmailName = (value: string, email: string | undefined): boolean => {

    const local = compact(email?.split('@')[0] ?? '');
    return local.length >= 5 && compact(value).includes(local);
};

export interface PasswordStrength {
    /** 0 to 4 (zxcvbn). */
    readonly score: number;
    /** undefined when acceptable, else the message shown next to the field. */
    readonly problem: string | undefined;
}

export const passwordStrength = (value: string, email?: string): PasswordStrength => {

    const length = [...value].length;           // code points, so an emoji counts as one character
    if (length > maxPasswordLength) {
        return { score: 0, problem: `Use at most ${maxPasswordLength} characters` };
    }

    const result = zxcvbn().check(value, contextWords(email));
    if (length < minPasswordLength) {
        return { score: Math.min(result.score, 2), problem: `Use at least ${minPasswordLength} characters` };
    }

    if (containsEmailName(value, email)) {
        return { score: Math.min(result.score, 1), problem: `${weakPasswordMessage}. ${ownEmailAdvice}` };
    }

    if (result.score < minPasswordScore) {
        const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
        return { score: result.score, problem: advice ? `${weakPasswordMessage}. ${advice}` : `${weakPasswordMessage}.` };
    }

    return { score: result.score, problem: undefined };
};

/** undefined when acceptable, else the message shown next to the field. */
export const passwordProblem = (value: unknown, email?: string): string | undefined => {

    return typeof value === 'string' ? passwordStrength(value, email).problem : 'Enter a password';
};

/** The SDK's validator (no user context: the SDK does not give it one). */
export const validatePassword = async (value: unknown): Promise<string | undefined> => passwordProblem(value);
