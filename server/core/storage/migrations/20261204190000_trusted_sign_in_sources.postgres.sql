-- Sources (client IPs, as the web app reports them) from which a user recently signed in or reset the password.
-- The account lockout does not apply to them, so an attacker cannot keep the owner out; `failures` caps guessing
-- from such a source (at the lockout threshold its trust is gone).
CREATE TABLE sign_in_trusted_sources (
    app_id          TEXT COLLATE "C" NOT NULL,
    user_id         TEXT COLLATE "C" NOT NULL,
    source          TEXT COLLATE "C" NOT NULL,
    trusted_at      BIGINT           NOT NULL,
    failures        INTEGER          NOT NULL,
    PRIMARY KEY (app_id, user_id, source)
);
