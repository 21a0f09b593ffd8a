import { parsePhoneNumberFromString } from 'libphonenumber-js';


/** As the official core: E.164 when the number parses (with its country code, no region assumed), else only trimmed. */
export const normalisePhoneNumber = (phoneNumber: string): string => {

    const trimmed = phoneNumber.trim();
    return parsePhoneNumberFromString(trimmed)?.number ?? trimmed;
};
