import type { RouteFactory } from './route';


// Health check of the official core: no API key, no cdi-version, any method, at `/` and `/hello`.
export const hello: RouteFactory = () => {

    return ['/', '/hello'].map((path) => ({
        method: ['GET', 'POST', 'PUT', 'DELETE'],
        path,
        options: {
            auth: false,
            app: { skipCdiVersionCheck: true },
            handler: (_request, h) => h.response('Hello\n').type('text/html; charset=UTF-8')
        }
    }));
};
