import type { Request } from '@hapi/hapi';


/**
 * Where the end user's request came from, as the web app reports it (`x-staffgate-ip`, see audit.ts); undefined
 * for callers that do not say. Used to exempt the owner's usual sources from the account lockout.
 */
export const sourceOf = (request: Request): string | undefined => {

    const value = request.headers['x-staffgate-ip'];
    return typeof value === 'string' && value.trim() ? value.trim().slice(0, 64) : undefined;
};
