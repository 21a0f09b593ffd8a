import { recordAudit } from '../../../audit';
import { appId } from '../../../services';
import { body, requiredObject, requiredQuery, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// User metadata: a JSON object per user, merged shallowly (a null top-level value deletes the key).

export const getMetadata: RouteFactory = ({ storage }) => ({
    method: 'GET',
    path: '/recipe/user/metadata',
    handler: async (request) => ({ status: 'OK', metadata: await storage.metadata.getMetadata(appId, requiredQuery(request, 'userId')) })
});

export const updateMetadata: RouteFactory = (services) => ({
    method: 'PUT',
    path: '/recipe/user/metadata',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const update = requiredObject(input, 'metadataUpdate');
        const metadata = await services.storage.metadata.mergeMetadata(appId, userId, update, services.clock());
        await recordAudit(request, services, 'metadata_updated', userId, { keys: Object.keys(update) });
        return { status: 'OK', metadata };
    }
});

export const removeMetadata: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/metadata/remove',
    handler: async (request) => {

        const userId = requiredString(body(request), 'userId');
        await services.storage.metadata.deleteMetadata(appId, userId);
        await recordAudit(request, services, 'metadata_updated', userId, { cleared: true });
        return { status: 'OK' };
    }
});
