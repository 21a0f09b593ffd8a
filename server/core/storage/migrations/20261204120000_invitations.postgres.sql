-- Invitations (a Staffgate extension): an admin invites an email address, optionally with roles; the invitee
-- accepts once through a link whose token is stored only as its SHA-256. `state` is pending, accepted, revoked,
-- or expired (set when a new invitation for the address replaces an expired pending one); a pending invitation
-- past `expires_at` reads as expired. At most one pending invitation per address.

CREATE TABLE invitations (
    app_id           TEXT COLLATE "C" NOT NULL,
    invitation_id    TEXT COLLATE "C" NOT NULL,
    email            TEXT COLLATE "C" NOT NULL,
    roles            TEXT COLLATE "C" NOT NULL,
    token_hash       TEXT COLLATE "C" NOT NULL,
    state            TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'accepted', 'revoked', 'expired')),
    created_at       BIGINT           NOT NULL,
    sent_at          BIGINT           NOT NULL,
    expires_at       BIGINT           NOT NULL,
    invited_by       TEXT COLLATE "C",
    accepted_at      BIGINT,
    accepted_user_id TEXT COLLATE "C",
    revoked_at       BIGINT,
    PRIMARY KEY (app_id, invitation_id)
);

CREATE UNIQUE INDEX invitations_token ON invitations (app_id, token_hash);
CREATE UNIQUE INDEX invitations_pending_email ON invitations (app_id, email) WHERE state = 'pending';
CREATE INDEX invitations_created ON invitations (app_id, created_at);
