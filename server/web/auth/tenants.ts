/*
 * Staffgate has one tenant, `public`. The SDK also routes its API with a tenant segment (`/auth/<tenant>/signin`)
 * and passes any segment to the core, which answers an unknown tenant with an error the SDK turns into a 500.
 * An unknown tenant in the path is a 404 here instead, before any core call.
 */

import * as Boom from '@hapi/boom';
import type { RecipeInterface } from 'supertokens-node/recipe/multitenancy/types';

import { extend } from './override';


export const publicTenant = 'public';

export const withPublicTenantOnly = (original: RecipeInterface): RecipeInterface => {

    return extend(original, {
        getTenantId: async (input) => {

            if (input.tenantIdFromFrontend !== publicTenant) {
                throw Boom.notFound('Unknown tenant');
            }

            return original.getTenantId(input);
        }
    });
};
