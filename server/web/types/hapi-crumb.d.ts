/* @hapi/crumb ships no types: the part of its API this app uses. */

declare module '@hapi/crumb' {
    import type { Plugin, Request, ResponseToolkit, ServerStateCookieOptions } from '@hapi/hapi';

    export interface CrumbOptions {
        /** Cookie name and payload field; default 'crumb'. */
        key?: string;
        /** Token length in characters; default 43 (256 bits). */
        size?: number;
        /** Set the cookie on every request, not only on routes that opt in; default true. */
        autoGenerate?: boolean;
        /** Add the token to view contexts as `{{crumb}}`; default true. */
        addToViewContext?: boolean;
        cookieOptions?: ServerStateCookieOptions;
        headerName?: string;
        restful?: boolean;
        /** Requests for which crumb neither sets nor checks anything. */
        skip?: (request: Request, h: ResponseToolkit) => boolean;
        enforce?: boolean;
        logUnauthorized?: boolean;
    }

    export const plugin: Plugin<CrumbOptions>;
}
