import { callerOf } from '../../../transport/caller';
import { body, requiredObject, requiredQuery, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const getMetadata: RouteFactory = ({ metadata }) => ({
    method: 'GET',
    path: '/recipe/user/metadata',
    handler: (request) => metadata.get(requiredQuery(request, 'userId'))
});

export const updateMetadata: RouteFactory = ({ metadata }) => ({
    method: 'PUT',
    path: '/recipe/user/metadata',
    handler: (request) => {

        const input = body(request);
        return metadata.update(callerOf(request), requiredString(input, 'userId'), requiredObject(input, 'metadataUpdate'));
    }
});

export const removeMetadata: RouteFactory = ({ metadata }) => ({
    method: 'POST',
    path: '/recipe/user/metadata/remove',
    handler: (request) => metadata.remove(callerOf(request), requiredString(body(request), 'userId'))
});
