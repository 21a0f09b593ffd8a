import * as Boom from '@hapi/boom';

import { body, requiredBoolean, requiredInteger, requiredObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const createJwt: RouteFactory = ({ jwts }) => ({
    method: 'POST',
    path: '/recipe/jwt',
    handler: (request) => {

        const input = body(request);
        const validitySeconds = requiredInteger(input, 'validity');
        if (validitySeconds <= 0) {
            throw Boom.badRequest('validity must be greater than or equal to 0');      // the official core's text
        }

        return jwts.create({
            payload: requiredObject(input, 'payload'),
            validitySeconds,
            useStaticSigningKey: input.useStaticSigningKey === undefined ? true : requiredBoolean(input, 'useStaticSigningKey'),
            algorithm: requiredString(input, 'algorithm').toUpperCase(),
            jwksDomain: requiredString(input, 'jwksDomain')
        });
    }
});

export const getJwtJwks: RouteFactory = ({ jwts }) => ({
    method: 'GET',
    path: '/recipe/jwt/jwks',
    handler: () => jwts.jwks()
});
