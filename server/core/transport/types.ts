import type { Caller } from '../services/caller';
import type { JsonObject } from './input';


declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** The parsed JSON body, once a handler has asked for it. */
        json?: JsonObject;
        /** Who is asking (transport/caller.ts), set on every request. */
        caller?: Caller;
        /** An unknown app or tenant in the path, refused once the API key has been checked. */
        prefixError?: string;
    }

    interface RouteOptionsApp {
        /** Skip the cdi-version header check (/hello, /apiversion, the JWKS). */
        skipCdiVersionCheck?: boolean;
    }
}
