import { actorOf, recordAudit } from '../../audit';
import { appId } from '../../services';
import { body, optionalString, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: a banned user cannot sign in (any method) or refresh; banning revokes their sessions.

export const getBan: RouteFactory = ({ storage }) => ({
    method: 'GET',
    path: '/staffgate/ban',
    handler: async (request) => {

        const ban = await storage.bans.getBan(appId, requiredQuery(request, 'userId'));
        return ban ? { status: 'OK', banned: true, ...ban } : { status: 'OK', banned: false };
    }
});

export const banUser: RouteFactory = (services) => ({
    method: 'POST',
    path: '/staffgate/ban',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const reason = optionalString(input, 'reason');
        if ((await services.users.get(userId)).status !== 'OK') {
            return { status: 'UNKNOWN_USER_ID_ERROR' };
        }

        const bannedBy = actorOf(request);
        const sessionHandlesRevoked = await services.storage.bans.ban(appId, { userId, bannedAt: services.clock(), bannedBy, reason });
        await recordAudit(request, services, 'user_banned', userId, { reason, sessionsRevoked: sessionHandlesRevoked.length });
        return { status: 'OK', sessionHandlesRevoked };
    }
});

export const unbanUser: RouteFactory = (services) => ({
    method: 'POST',
    path: '/staffgate/unban',
    handler: async (request) => {

        const userId = requiredString(body(request), 'userId');
        const wasBanned = await services.storage.bans.unban(appId, userId);
        if (wasBanned) {
            await recordAudit(request, services, 'user_unbanned', userId);
        }

        return { status: 'OK', wasBanned };
    }
});
