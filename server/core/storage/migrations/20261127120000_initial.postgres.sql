-- Users, passwords, verified emails, sessions, signing keys, app secrets and password reset tokens.
-- Times are milliseconds since the epoch (BIGINT). Emails are stored normalised (trimmed, lower-cased).
-- Every text column uses the "C" collation: ids and emails compare byte by byte, as SQLite's BINARY does, whatever
-- the database's default collation, so sorting matches the SQLite adapter and prefix ranges can use the indexes.
-- JSON is stored as the text the core wrote (TEXT, not JSONB, so it reads back exactly as written).

CREATE TABLE users (
    app_id              TEXT COLLATE "C" NOT NULL,
    tenant_id           TEXT COLLATE "C" NOT NULL,
    user_id             TEXT COLLATE "C" NOT NULL,
    recipe_id           TEXT COLLATE "C" NOT NULL CHECK (recipe_id IN ('emailpassword', 'thirdparty')),
    email               TEXT COLLATE "C" NOT NULL,
    time_joined         BIGINT           NOT NULL,
    third_party_id      TEXT COLLATE "C",
    third_party_user_id TEXT COLLATE "C",
    PRIMARY KEY (app_id, user_id)
);

-- One email-password account per email and tenant, enforced by the database, not by a read-then-write.
CREATE UNIQUE INDEX users_emailpassword_email ON users (app_id, tenant_id, email) WHERE recipe_id = 'emailpassword';
CREATE UNIQUE INDEX users_thirdparty_id ON users (app_id, tenant_id, third_party_id, third_party_user_id) WHERE recipe_id = 'thirdparty';
CREATE INDEX users_email ON users (app_id, tenant_id, email);
CREATE INDEX users_time_joined ON users (app_id, tenant_id, time_joined, user_id);

CREATE TABLE passwords (
    app_id        TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL,
    password_hash TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, user_id)
);

CREATE TABLE verified_emails (
    app_id  TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    email   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, user_id, email)
);

CREATE TABLE sessions (
    app_id               TEXT COLLATE "C" NOT NULL,
    tenant_id            TEXT COLLATE "C" NOT NULL,
    session_handle       TEXT COLLATE "C" NOT NULL,
    user_id              TEXT COLLATE "C" NOT NULL,
    refresh_token_hash_2 TEXT COLLATE "C" NOT NULL,
    session_data         TEXT             NOT NULL,
    jwt_payload          TEXT             NOT NULL,
    expires_at           BIGINT           NOT NULL,
    created_at           BIGINT           NOT NULL,
    use_static_key       BOOLEAN          NOT NULL,
    PRIMARY KEY (app_id, session_handle)
);

CREATE INDEX sessions_user ON sessions (app_id, user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE signing_keys (
    app_id      TEXT COLLATE "C" NOT NULL,
    key_id      TEXT COLLATE "C" NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('dynamic', 'static')),
    algorithm   TEXT COLLATE "C" NOT NULL,
    private_key TEXT             NOT NULL,
    created_at  BIGINT           NOT NULL,
    generation  BIGINT           NOT NULL,
    PRIMARY KEY (app_id, key_id),
    -- Several core processes may race to rotate: the slot makes exactly one of them win.
    UNIQUE (app_id, kind, generation)
);

CREATE TABLE app_secrets (
    app_id TEXT COLLATE "C" NOT NULL,
    name   TEXT COLLATE "C" NOT NULL,
    value  TEXT             NOT NULL,
    PRIMARY KEY (app_id, name)
);

CREATE TABLE password_reset_tokens (
    app_id     TEXT COLLATE "C" NOT NULL,
    tenant_id  TEXT COLLATE "C" NOT NULL,
    token_hash TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    email      TEXT COLLATE "C" NOT NULL,
    expires_at BIGINT           NOT NULL,
    PRIMARY KEY (app_id, token_hash)
);

CREATE INDEX password_reset_tokens_user ON password_reset_tokens (app_id, user_id);
