-- Email verification tokens, roles and permissions, user metadata, and Staffgate's extensions:
-- audit events, failed sign-in counters, bans. Plus an index for email-prefix search.

CREATE TABLE email_verification_tokens (
    app_id     TEXT    NOT NULL,
    tenant_id  TEXT    NOT NULL,
    token_hash TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    email      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, token_hash)
) STRICT;

CREATE INDEX email_verification_tokens_user ON email_verification_tokens (app_id, user_id, email);

CREATE TABLE roles (
    app_id TEXT NOT NULL,
    role   TEXT NOT NULL,
    PRIMARY KEY (app_id, role)
) STRICT;

CREATE TABLE role_permissions (
    app_id     TEXT NOT NULL,
    role       TEXT NOT NULL,
    permission TEXT NOT NULL,
    PRIMARY KEY (app_id, role, permission),
    FOREIGN KEY (app_id, role) REFERENCES roles (app_id, role) ON DELETE CASCADE
) STRICT;

CREATE INDEX role_permissions_permission ON role_permissions (app_id, permission);

CREATE TABLE user_roles (
    app_id    TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    role      TEXT NOT NULL,
    PRIMARY KEY (app_id, tenant_id, user_id, role),
    FOREIGN KEY (app_id, role) REFERENCES roles (app_id, role) ON DELETE CASCADE
) STRICT;

CREATE INDEX user_roles_role ON user_roles (app_id, tenant_id, role);
CREATE INDEX user_roles_user ON user_roles (app_id, user_id);

CREATE TABLE user_metadata (
    app_id     TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, user_id)
) STRICT;

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     TEXT    NOT NULL,
    time       INTEGER NOT NULL,
    event      TEXT    NOT NULL,
    user_id    TEXT,
    ip         TEXT,
    user_agent TEXT,
    actor_id   TEXT,
    details    TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_events_time ON audit_events (app_id, time);
CREATE INDEX audit_events_user ON audit_events (app_id, user_id, id);
CREATE INDEX audit_events_event ON audit_events (app_id, event, id);

CREATE TABLE sign_in_lockouts (
    app_id          TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER,
    PRIMARY KEY (app_id, user_id)
) STRICT;

CREATE TABLE tenant_thirdparty_providers (
    app_id         TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    third_party_id TEXT NOT NULL,
    config         TEXT NOT NULL,
    PRIMARY KEY (app_id, tenant_id, third_party_id)
) STRICT;

CREATE TABLE user_bans (
    app_id    TEXT    NOT NULL,
    user_id   TEXT    NOT NULL,
    banned_at INTEGER NOT NULL,
    banned_by TEXT,
    reason    TEXT,
    PRIMARY KEY (app_id, user_id)
) STRICT;

-- Email-prefix search: emails are stored lower-cased, so a binary-collated range scan serves LIKE 'term%'
-- (written as email >= term AND email < term || char(0x10FFFF)).
CREATE INDEX users_email_time ON users (app_id, tenant_id, email, time_joined);
CREATE INDEX users_third_party_id ON users (app_id, tenant_id, third_party_id);

-- Search by email domain ("%@term%" in the official core) as an indexed prefix match on the domain.
ALTER TABLE users ADD COLUMN email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL;
CREATE INDEX users_email_domain ON users (app_id, tenant_id, email_domain);
