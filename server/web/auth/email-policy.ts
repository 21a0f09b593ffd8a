/*
 * The email field of the SDK's forms (sign-up; the SDK uses the same validator for sign-in and reset requests):
 * at most 254 characters (the longest address SMTP can deliver, RFC 5321), then a plain syntax check. Setting a
 * validator replaces the SDK's own, so the syntax check is here too.
 */

export const maxEmailLength = 254;

export const emailTooLongMessage = `Use an email address of at most ${maxEmailLength} characters`;
export const emailInvalidMessage = 'Email is invalid';

// local@domain.tld: a local part without spaces, quotes or brackets, or a quoted one; labels of letters, digits and
// hyphens.
const emailSyntax = /^(?:[^\s@"<>()[\]\\,;:]+|"[^"\r\n]+")@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** undefined when acceptable, else the message shown next to the field. */
export const validateEmail = async (value: unknown): Promise<string | undefined> => {

    if (typeof value !== 'string') {
        return 'Enter an email address';
    }

    const email = value.trim();
    if (email.length > maxEmailLength) {
        return emailTooLongMessage;
    }

    return emailSyntax.test(email) ? undefined : emailInvalidMessage;
};
