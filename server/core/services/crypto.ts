import * as Crypto from 'crypto';


/** Lower-case hex SHA-256 of a UTF-8 string (the CDI's refresh-token hash convention). */
export const sha256Hex = (value: string): string => Crypto.createHash('sha256').update(value, 'utf8').digest('hex');

/** `bytes` random bytes as unpadded base64url: safe in URLs, cookies and headers. */
export const randomToken = (bytes: number): string => Crypto.randomBytes(bytes).toString('base64url');

export const randomUuid = (): string => Crypto.randomUUID();

/** Compares two secrets in time that depends only on their lengths, not on where they differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {

    const left = Crypto.createHash('sha256').update(a).digest();
    const right = Crypto.createHash('sha256').update(b).digest();
    return Crypto.timingSafeEqual(left, right);
};
