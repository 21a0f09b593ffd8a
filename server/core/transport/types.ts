import type { Caller } from '../services/caller';


declare module '@hapi/hapi' {
    interface RequestApplicationState {
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
