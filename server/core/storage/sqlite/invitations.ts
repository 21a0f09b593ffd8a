import type { Database } from 'better-sqlite3';

import type { InvitationRecord, InvitationStore, NewInvitation } from '..';
import { toInvitationRecord, type InvitationRow } from '../rows';


export const createInvitationStore = (db: Database): InvitationStore => {

    const statements = {
        pendingFor: db.prepare('SELECT * FROM invitations WHERE app_id = ? AND email = ? AND state = \'pending\''),
        renew: db.prepare(`UPDATE invitations SET token_hash = @tokenHash, sent_at = @now, expires_at = @expiresAt, roles = @roles
                           WHERE app_id = @appId AND invitation_id = @invitationId RETURNING *`),
        markExpired: db.prepare('UPDATE invitations SET state = \'expired\' WHERE app_id = ? AND invitation_id = ?'),
        insert: db.prepare(`INSERT INTO invitations (app_id, invitation_id, email, roles, token_hash, state, created_at, sent_at, expires_at, invited_by)
                            VALUES (@appId, @invitationId, @email, @roles, @tokenHash, 'pending', @createdAt, @createdAt, @expiresAt, @invitedBy) RETURNING *`),
        list: db.prepare('SELECT * FROM invitations WHERE app_id = ? ORDER BY created_at DESC, invitation_id DESC LIMIT ?'),
        get: db.prepare('SELECT * FROM invitations WHERE app_id = ? AND invitation_id = ?'),
        byToken: db.prepare('SELECT * FROM invitations WHERE app_id = ? AND token_hash = ?'),
        renewToken: db.prepare(`UPDATE invitations SET token_hash = ?, sent_at = ?, expires_at = ?
                                WHERE app_id = ? AND invitation_id = ? AND state = 'pending' RETURNING *`),
        revoke: db.prepare('UPDATE invitations SET state = \'revoked\', revoked_at = ? WHERE app_id = ? AND invitation_id = ? AND state = \'pending\' RETURNING *'),
        accept: db.prepare(`UPDATE invitations SET state = 'accepted', accepted_at = @now, accepted_user_id = @userId
                            WHERE app_id = @appId AND token_hash = @tokenHash AND state = 'pending' AND expires_at > @now RETURNING *`)
    };

    const one = (row: unknown) => (row === undefined ? undefined : toInvitationRecord(row as InvitationRow));

    const createOrRenew = db.transaction((appId: string, invitation: NewInvitation, now: number) => {

        const roles = JSON.stringify(invitation.roles);
        const pending = statements.pendingFor.get(appId, invitation.email) as InvitationRow | undefined;
        if (pending && pending.expires_at > now) {
            const row = statements.renew.get({ appId, invitationId: pending.invitation_id, tokenHash: invitation.tokenHash, now, expiresAt: invitation.expiresAt, roles });
            return { outcome: 'renewed' as const, invitation: one(row)! };
        }

        if (pending) {
            statements.markExpired.run(appId, pending.invitation_id);
        }

        const row = statements.insert.get({ appId, ...invitation, roles, invitedBy: invitation.invitedBy ?? null });
        return { outcome: 'created' as const, invitation: one(row)! };
    });

    return {
        createOrRenew: async (appId, invitation, now) => createOrRenew.immediate(appId, invitation, now),
        list: async (appId, limit) => (statements.list.all(appId, limit) as InvitationRow[]).map(toInvitationRecord),
        get: async (appId, invitationId) => one(statements.get.get(appId, invitationId)),
        findPending: async (appId, email) => one(statements.pendingFor.get(appId, email)),
        findByTokenHash: async (appId, tokenHash) => one(statements.byToken.get(appId, tokenHash)),
        renewToken: async (appId, invitationId, change) => one(statements.renewToken.get(change.tokenHash, change.sentAt, change.expiresAt, appId, invitationId)),
        revoke: async (appId, invitationId, now) => one(statements.revoke.get(now, appId, invitationId)),
        accept: async (appId, tokenHash, userId, now): Promise<InvitationRecord | undefined> => one(statements.accept.get({ appId, tokenHash, userId, now }))
    };
};
