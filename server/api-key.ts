import * as Crypto from 'crypto';


/**
 * A random API key for an embedded core that this process starts itself (`npm start` without CORE_API_KEYS, the
 * admin CLI): 192 bits, in the characters config.ts accepts for a key (letters, digits, '=' and '-').
 */
export const randomApiKey = (): string => Crypto.randomBytes(24).toString('base64url').replace(/_/g, '-');
