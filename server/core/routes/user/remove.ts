import { recordAudit } from '../../audit';
import { appId } from '../../services';
import { body, optionalBoolean, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Deletes the user and everything of theirs in one transaction. Unknown ids answer OK too, as in the official core.
export const removeUser: RouteFactory = (services) => ({
    method: 'POST',
    path: '/user/remove',
    handler: async (request) => {

        const input = body(request);
        optionalBoolean(input, 'removeAllLinkedAccounts');
        const userId = requiredString(input, 'userId');
        const existed = await services.storage.users.deleteUser(appId, userId);
        if (existed) {
            await recordAudit(request, services, 'user_deleted', userId);
        }

        return { status: 'OK' };
    }
});
