-- Email verification tokens, roles and permissions, user metadata, and Staffgate's extensions:
-- audit events, failed sign-in counters, bans. Plus indexes for email-prefix search.

CREATE TABLE email_verification_tokens (
    app_id     TEXT COLLATE "C" NOT NULL,
    tenant_id  TEXT COLLATE "C" NOT NULL,
    token_hash TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    email      TEXT COLLATE "C" NOT NULL,
    expires_at BIGINT           NOT NULL,
    PRIMARY KEY (app_id, token_hash)
);

CREATE INDEX email_verification_tokens_user ON email_verification_tokens (app_id, user_id, email);

CREATE TABLE roles (
    app_id TEXT COLLATE "C" NOT NULL,
    role   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, role)
);

CREATE TABLE role_permissions (
    app_id     TEXT COLLATE "C" NOT NULL,
    role       TEXT COLLATE "C" NOT NULL,
    permission TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, role, permission),
    FOREIGN KEY (app_id, role) REFERENCES roles (app_id, role) ON DELETE CASCADE
);

CREATE INDEX role_permissions_permission ON role_permissions (app_id, permission);

-- The foreign key is also what makes assigning a role race-free: the insert locks the role row, and fails when
-- the role is gone.
CREATE TABLE user_roles (
    app_id    TEXT COLLATE "C" NOT NULL,
    tenant_id TEXT COLLATE "C" NOT NULL,
    user_id   TEXT COLLATE "C" NOT NULL,
    role      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, tenant_id, user_id, role),
    FOREIGN KEY (app_id, role) REFERENCES roles (app_id, role) ON DELETE CASCADE
);

CREATE INDEX user_roles_role ON user_roles (app_id, tenant_id, role);
CREATE INDEX user_roles_user ON user_roles (app_id, user_id);

CREATE TABLE user_metadata (
    app_id     TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    metadata   TEXT             NOT NULL,
    updated_at BIGINT           NOT NULL,
    PRIMARY KEY (app_id, user_id)
);

-- BIGSERIAL: the adapter reads ids as numbers (safe up to 2^53).
CREATE TABLE audit_events (
    id         BIGSERIAL PRIMARY KEY,
    app_id     TEXT COLLATE "C" NOT NULL,
    time       BIGINT           NOT NULL,
    event      TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C",
    ip         TEXT COLLATE "C",
    user_agent TEXT COLLATE "C",
    actor_id   TEXT COLLATE "C",
    details    TEXT             NOT NULL
);

CREATE INDEX audit_events_time ON audit_events (app_id, time);
CREATE INDEX audit_events_user ON audit_events (app_id, user_id, id);
CREATE INDEX audit_events_event ON audit_events (app_id, event, id);

CREATE TABLE sign_in_lockouts (
    app_id          TEXT COLLATE "C" NOT NULL,
    user_id         TEXT COLLATE "C" NOT NULL,
    failures        INTEGER          NOT NULL,
    last_failure_at BIGINT           NOT NULL,
    locked_until    BIGINT,
    PRIMARY KEY (app_id, user_id)
);

CREATE TABLE tenant_thirdparty_providers (
    app_id         TEXT COLLATE "C" NOT NULL,
    tenant_id      TEXT COLLATE "C" NOT NULL,
    third_party_id TEXT COLLATE "C" NOT NULL,
    config         TEXT             NOT NULL,
    PRIMARY KEY (app_id, tenant_id, third_party_id)
);

CREATE TABLE user_bans (
    app_id    TEXT COLLATE "C" NOT NULL,
    user_id   TEXT COLLATE "C" NOT NULL,
    banned_at BIGINT           NOT NULL,
    banned_by TEXT COLLATE "C",
    reason    TEXT COLLATE "C",
    PRIMARY KEY (app_id, user_id)
);

-- Email-prefix search: emails are stored lower-cased in "C"-collated columns, so a byte-order range scan serves
-- LIKE 'term%' (written as email >= term AND email < term || chr(1114111)) from these indexes.
CREATE INDEX users_email_time ON users (app_id, tenant_id, email, time_joined);
CREATE INDEX users_third_party_id ON users (app_id, tenant_id, third_party_id);

-- Search by email domain ("%@term%" in the official core) as an indexed prefix match on the domain.
-- strpos() is 0 without an '@', so the domain is then the whole email, as with SQLite's instr().
ALTER TABLE users ADD COLUMN email_domain TEXT COLLATE "C" GENERATED ALWAYS AS (substr(email, strpos(email, '@') + 1)) STORED;
CREATE INDEX users_email_domain ON users (app_id, tenant_id, email_domain);
