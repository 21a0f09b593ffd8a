import * as Boom from '@hapi/boom';

import { publicTenant } from '../../services';
import { optionalQuery, requiredQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


export const usersByAccountInfo: RouteFactory = ({ users }) => ({
    method: 'GET',
    path: '/users/by-accountinfo',
    handler: (request) => {

        const union = requiredQuery(request, 'doUnionOfAccountInfo');
        if (union !== 'true' && union !== 'false') {
            throw Boom.badRequest('Field name \'doUnionOfAccountInfo\' is invalid in GET request');
        }

        const thirdPartyId = optionalQuery(request, 'thirdPartyId');
        const thirdPartyUserId = optionalQuery(request, 'thirdPartyUserId');
        if ((thirdPartyId === undefined) !== (thirdPartyUserId === undefined)) {
            throw Boom.badRequest('If thirdPartyId is provided, thirdPartyUserId must also be provided, and vice versa');
        }

        return users.byAccountInfo(publicTenant, {
            email: optionalQuery(request, 'email'),
            phoneNumber: optionalQuery(request, 'phoneNumber'),
            thirdParty: thirdPartyId === undefined ? undefined : { id: thirdPartyId, userId: thirdPartyUserId! },
            webauthnCredentialId: optionalQuery(request, 'webauthnCredentialId')
        }, union === 'true');
    }
});
