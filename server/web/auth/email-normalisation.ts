/*
 * The email of the EmailPassword API's forms in its normal form (email-addresses.ts) before anything else reads
 * it: the sign-up policy, the notices, the SDK (which compares the address it sent with the one the core answers)
 * and the core all see `jürgen.müller@bücher.example`, whether it was typed in capitals, with a punycode domain or
 * in decomposed Unicode. The outermost API override, so every layer inside gets the normalised value.
 */

import type { APIInterface } from 'supertokens-node/recipe/emailpassword/types';

import { normaliseEmail } from '../../email-addresses';
import { extend } from './override';


type FormFields = { id: string; value: unknown }[];

const normalised = <T extends { formFields: FormFields }>(input: T): T => ({
    ...input,
    formFields: input.formFields.map((field) => (field.id === 'email' && typeof field.value === 'string' ? { ...field, value: normaliseEmail(field.value) } : field))
});

export const withNormalisedEmails = (original: APIInterface): APIInterface => {

    return extend(original, {
        ...(original.signInPOST && { signInPOST: (input) => original.signInPOST!(normalised(input)) }),
        ...(original.signUpPOST && { signUpPOST: (input) => original.signUpPOST!(normalised(input)) }),
        ...(original.generatePasswordResetTokenPOST && { generatePasswordResetTokenPOST: (input) => original.generatePasswordResetTokenPOST!(normalised(input)) })
    });
};
