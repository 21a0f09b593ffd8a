-- Invitations (a Staffgate extension): an admin invites an email address, optionally with roles; the invitee
-- accepts once through a link whose token is stored only as its SHA-256. `state` is pending, accepted, revoked,
-- or expired (set when a new invitation for the address replaces an expired pending one); a pending invitation
-- past `expires_at` reads as expired. At most one pending invitation per address.

CREATE TABLE invitations (
    app_id           TEXT    NOT NULL,
    invitation_id    TEXT    NOT NULL,
    email            TEXT    NOT NULL,
    roles            TEXT    NOT NULL,
    token_hash       TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'accepted', 'revoked', 'expired')),
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    invited_by       TEXT,
    accepted_at      INTEGER,
    accepted_user_id TEXT,
    revoked_at       INTEGER,
    PRIMARY KEY (app_id, invitation_id)
) STRICT;

CREATE UNIQUE INDEX invitations_token ON invitations (app_id, token_hash);
CREATE UNIQUE INDEX invitations_pending_email ON invitations (app_id, email) WHERE state = 'pending';
CREATE INDEX invitations_created ON invitations (app_id, created_at);
