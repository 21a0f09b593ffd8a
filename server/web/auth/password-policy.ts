/*
 * The password policy (NIST SP 800-63B): 12 to 128 characters, any characters, no composition rules. The SDK uses
 * this validator for sign-up and for setting a new password through a reset link.
 */

export const minPasswordLength = 12;
export const maxPasswordLength = 128;

/** undefined when acceptable, else the message shown next to the field. */
export const validatePassword = async (value: unknown): Promise<string | undefined> => {

    if (typeof value !== 'string') {
        return 'Enter a password';
    }

    const length = [...value].length;           // code points, so an emoji counts as one character
    if (length < minPasswordLength) {
        return `Use at least ${minPasswordLength} characters`;
    }

    if (length > maxPasswordLength) {
        return `Use at most ${maxPasswordLength} characters`;
    }

    return undefined;
};
