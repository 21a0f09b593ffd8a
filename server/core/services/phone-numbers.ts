import type * as PhoneNumbers from 'libphonenumber-js';


// Loaded on the first phone number (passwordless by SMS only): its metadata is about 9 MB of resident memory that
// a deployment signing in by email never needs.
let phoneNumbers: typeof PhoneNumbers | undefined;

/** As the official core: E.164 when the number parses (with its country code, no region assumed), else only trimmed. */
export const normalisePhoneNumber = (phoneNumber: string): string => {

    phoneNumbers ??= require('libphonenumber-js') as typeof PhoneNumbers;
    const trimmed = phoneNumber.trim();
    return phoneNumbers.parsePhoneNumberFromString(trimmed)?.number ?? trimmed;
};
