import type { Pool } from 'pg';

import type { InvitationStore } from '..';
import { toInvitationRecord, type InvitationRow } from '../rows';
import { isPgError, pgErrors, withTransaction } from './transaction';


export const createInvitationStore = (pool: Pool): InvitationStore => {

    const one = (rows: InvitationRow[]) => (rows[0] === undefined ? undefined : toInvitationRecord(rows[0]));

    return {
        createOrRenew: async (appId, invitation, now) => {

            const attempt = () => {

                return withTransaction(pool, async (client) => {

                    const roles = JSON.stringify(invitation.roles);
                    // FOR UPDATE: a concurrent invite of the same address waits here, then sees this one's row (or the
                    // unique index on pending addresses refuses its insert).
                    const { rows: [pending] } = await client.query<InvitationRow>('SELECT * FROM invitations WHERE app_id = $1 AND email = $2 AND state = \'pending\' FOR UPDATE', [appId, invitation.email]);
                    if (pending && pending.expires_at > now) {
                        const { rows } = await client.query<InvitationRow>(`UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3, roles = $4
                                                                            WHERE app_id = $5 AND invitation_id = $6 RETURNING *`,
                        [invitation.tokenHash, now, invitation.expiresAt, roles, appId, pending.invitation_id]);
                        return { outcome: 'renewed' as const, invitation: one(rows)! };
                    }

                    if (pending) {
                        await client.query('UPDATE invitations SET state = \'expired\' WHERE app_id = $1 AND invitation_id = $2', [appId, pending.invitation_id]);
                    }

                    const { rows } = await client.query<InvitationRow>(`INSERT INTO invitations (app_id, invitation_id, email, roles, token_hash, state, created_at, sent_at, expires_at, invited_by)
                                                                        VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $7, $8) RETURNING *`,
                    [appId, invitation.invitationId, invitation.email, roles, invitation.tokenHash, invitation.createdAt, invitation.expiresAt, invitation.invitedBy ?? null]);
                    return { outcome: 'created' as const, invitation: one(rows)! };
                });
            };

            try {
                return await attempt();
            }
            // Reached only when two first invitations of one address race, or the database fails:
            // $lab:coverage:off$
            catch (err) {
                // Two first invitations of one address raced: the unique index refused the second insert; once more
                // and it finds the winner's row (FOR UPDATE) and renews it. Any other error is raised as is.
                if (!isPgError(err, pgErrors.uniqueViolation)) {
                    throw err;
                }

                return await attempt();
            }
            // $lab:coverage:on$
        },

        list: async (appId, limit) => {

            const { rows } = await pool.query<InvitationRow>('SELECT * FROM invitations WHERE app_id = $1 ORDER BY created_at DESC, invitation_id DESC LIMIT $2', [appId, limit]);
            return rows.map(toInvitationRecord);
        },

        get: async (appId, invitationId) => one((await pool.query<InvitationRow>('SELECT * FROM invitations WHERE app_id = $1 AND invitation_id = $2', [appId, invitationId])).rows),

        findPending: async (appId, email) => one((await pool.query<InvitationRow>('SELECT * FROM invitations WHERE app_id = $1 AND email = $2 AND state = \'pending\'', [appId, email])).rows),

        findByTokenHash: async (appId, tokenHash) => one((await pool.query<InvitationRow>('SELECT * FROM invitations WHERE app_id = $1 AND token_hash = $2', [appId, tokenHash])).rows),

        renewToken: async (appId, invitationId, change) => {

            const { rows } = await pool.query<InvitationRow>(`UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3
                                                              WHERE app_id = $4 AND invitation_id = $5 AND state = 'pending' RETURNING *`,
            [change.tokenHash, change.sentAt, change.expiresAt, appId, invitationId]);
            return one(rows);
        },

        revoke: async (appId, invitationId, now) => {

            const { rows } = await pool.query<InvitationRow>('UPDATE invitations SET state = \'revoked\', revoked_at = $1 WHERE app_id = $2 AND invitation_id = $3 AND state = \'pending\' RETURNING *', [now, appId, invitationId]);
            return one(rows);
        },

        accept: async (appId, tokenHash, userId, now) => {

            // One statement: PostgreSQL re-checks the WHERE on the newest row version, so two accepts cannot both win.
            const { rows } = await pool.query<InvitationRow>(`UPDATE invitations SET state = 'accepted', accepted_at = $1, accepted_user_id = $2
                                                              WHERE app_id = $3 AND token_hash = $4 AND state = 'pending' AND expires_at > $1 RETURNING *`,
            [now, userId, appId, tokenHash]);
            return one(rows);
        }
    };
};
