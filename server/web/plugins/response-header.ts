import * as Boom from '@hapi/boom';
import type { ResponseObject } from '@hapi/hapi';


/** Sets a header on the response an onPreResponse sees, whether hapi will answer with it or with a Boom error. */
export const setResponseHeader = (response: ResponseObject | Boom.Boom, name: string, value: string): void => {

    if (Boom.isBoom(response)) {
        response.output.headers[name] = value;
    }
    else {
        response.header(name, value);
    }
};
