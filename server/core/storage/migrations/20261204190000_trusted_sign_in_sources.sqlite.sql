-- Sources (client IPs, as the web app reports them) from which a user recently signed in or reset the password.
-- The account lockout does not apply to them, so an attacker cannot keep the owner out; `failures` caps guessing
-- from such a source (at the lockout threshold its trust is gone).
CREATE TABLE sign_in_trusted_sources (
    app_id          TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    trusted_at      INTEGER NOT NULL,
    failures        INTEGER NOT NULL,
    PRIMARY KEY (app_id, user_id, source)
) STRICT;
