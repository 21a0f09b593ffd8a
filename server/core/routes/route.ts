import type { ServerRoute } from '@hapi/hapi';

import type { CoreServices } from '../services';


/** Every route file exports one of these: the route, given the core's services. */
export type RouteFactory = (services: CoreServices) => ServerRoute | ServerRoute[];
