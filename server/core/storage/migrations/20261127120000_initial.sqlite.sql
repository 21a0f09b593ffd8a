-- Users, passwords, verified emails, sessions, signing keys, app secrets and password reset tokens.
-- Times are milliseconds since the epoch. Emails are stored normalised (trimmed, lower-cased).

CREATE TABLE users (
    app_id              TEXT    NOT NULL,
    tenant_id           TEXT    NOT NULL,
    user_id             TEXT    NOT NULL,
    recipe_id           TEXT    NOT NULL CHECK (recipe_id IN ('emailpassword', 'thirdparty')),
    email               TEXT    NOT NULL,
    time_joined         INTEGER NOT NULL,
    third_party_id      TEXT,
    third_party_user_id TEXT,
    PRIMARY KEY (app_id, user_id)
) STRICT;

-- One email-password account per email and tenant, enforced by the database, not by a read-then-write.
CREATE UNIQUE INDEX users_emailpassword_email ON users (app_id, tenant_id, email) WHERE recipe_id = 'emailpassword';
CREATE UNIQUE INDEX users_thirdparty_id ON users (app_id, tenant_id, third_party_id, third_party_user_id) WHERE recipe_id = 'thirdparty';
CREATE INDEX users_email ON users (app_id, tenant_id, email);
CREATE INDEX users_time_joined ON users (app_id, tenant_id, time_joined, user_id);

CREATE TABLE passwords (
    app_id        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    PRIMARY KEY (app_id, user_id)
) STRICT;

CREATE TABLE verified_emails (
    app_id  TEXT NOT NULL,
    user_id TEXT NOT NULL,
    email   TEXT NOT NULL,
    PRIMARY KEY (app_id, user_id, email)
) STRICT;

CREATE TABLE sessions (
    app_id               TEXT    NOT NULL,
    tenant_id            TEXT    NOT NULL,
    session_handle       TEXT    NOT NULL,
    user_id              TEXT    NOT NULL,
    refresh_token_hash_2 TEXT    NOT NULL,
    session_data         TEXT    NOT NULL,
    jwt_payload          TEXT    NOT NULL,
    expires_at           INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    use_static_key       INTEGER NOT NULL,
    PRIMARY KEY (app_id, session_handle)
) STRICT;

CREATE INDEX sessions_user ON sessions (app_id, user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE signing_keys (
    app_id      TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('dynamic', 'static')),
    algorithm   TEXT    NOT NULL,
    private_key TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    generation  INTEGER NOT NULL,
    PRIMARY KEY (app_id, key_id),
    -- Several core processes may race to rotate: the slot makes exactly one of them win.
    UNIQUE (app_id, kind, generation)
) STRICT;

CREATE TABLE app_secrets (
    app_id TEXT NOT NULL,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (app_id, name)
) STRICT;

CREATE TABLE password_reset_tokens (
    app_id     TEXT    NOT NULL,
    tenant_id  TEXT    NOT NULL,
    token_hash TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, token_hash)
) STRICT;

CREATE INDEX password_reset_tokens_user ON password_reset_tokens (app_id, user_id);
