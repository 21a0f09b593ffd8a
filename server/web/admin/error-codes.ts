/*
 * What an admin can be told when an action is refused: a machine code and the sentence the page shows.
 */

export const adminErrors = {
    CANNOT_BAN_YOURSELF: 'You cannot ban yourself.',
    CANNOT_DELETE_YOURSELF: 'You cannot delete your own account from the admin area.',
    CANNOT_DEMOTE_YOURSELF: 'You cannot remove your own admin role. Ask another admin.',
    CANNOT_RESET_OWN_TWO_FACTOR: 'You cannot reset your own two-factor sign-in from the admin area: manage your devices under Security, or ask another admin.',
    CANNOT_DELETE_ADMIN_ROLE: 'The admin role cannot be deleted: it is what gives access to the admin area.',
    NEEDS_STAFFGATE_CORE: 'This feature needs the Staffgate core: the configured core has no /staffgate endpoints.',
    UNKNOWN_ROLE: 'There is no role with this name.',
    ROLE_EXISTS: 'A role with this name already exists.',
    NO_PASSWORD: 'This user signs in with a provider, not with a password: there is no password to reset.',
    NO_EMAIL: 'This user has no email address.',
    CONFIRMATION_MISMATCH: 'Type the user\'s email address exactly as shown to confirm.',
    METADATA_NOT_JSON: 'This is not valid JSON.',
    METADATA_NOT_OBJECT: 'Metadata must be a JSON object: { … }.',
    METADATA_PROTO_KEY: 'A key may not be named __proto__.'
} as const;

export type AdminErrorCode = keyof typeof adminErrors;
