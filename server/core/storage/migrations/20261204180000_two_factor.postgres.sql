-- Two-factor sign-in: TOTP devices and the codes tried against them (CDI `rid: totp`), and Staffgate's
-- recovery codes. A TOTP user row exists while the user has at least one device; deleting it takes the devices
-- and the used codes (the replay list and the attempt streak) with it. Every change to a user's TOTP data first
-- locks that row, so that code checks, device changes and removal of one user never interleave.

CREATE TABLE totp_users (
    app_id  TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (app_id, user_id)
);

CREATE TABLE totp_devices (
    app_id       TEXT COLLATE "C" NOT NULL,
    user_id      TEXT COLLATE "C" NOT NULL,
    device_name  TEXT COLLATE "C" NOT NULL,
    secret       TEXT COLLATE "C" NOT NULL,
    period       INTEGER          NOT NULL,
    skew         INTEGER          NOT NULL,
    verified     BOOLEAN          NOT NULL,
    created_at   BIGINT           NOT NULL,
    last_used_at BIGINT,
    PRIMARY KEY (app_id, user_id, device_name),
    FOREIGN KEY (app_id, user_id) REFERENCES totp_users (app_id, user_id) ON DELETE CASCADE
);

-- Every code tried at a verify endpoint, per tenant. `id` orders codes tried in the same millisecond.
CREATE TABLE totp_used_codes (
    id         BIGSERIAL PRIMARY KEY,
    app_id     TEXT COLLATE "C" NOT NULL,
    tenant_id  TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    code       TEXT COLLATE "C" NOT NULL,
    is_valid   BOOLEAN          NOT NULL,
    created_at BIGINT           NOT NULL,
    expires_at BIGINT           NOT NULL,
    FOREIGN KEY (app_id, user_id) REFERENCES totp_users (app_id, user_id) ON DELETE CASCADE
);

CREATE INDEX totp_used_codes_user ON totp_used_codes (app_id, tenant_id, user_id, created_at, id);
CREATE INDEX totp_used_codes_cascade ON totp_used_codes (app_id, user_id);
CREATE INDEX totp_used_codes_expiry ON totp_used_codes (expires_at);

-- Only a hash of each recovery code is kept; `used_at` is set when it is spent.
CREATE TABLE recovery_codes (
    app_id     TEXT COLLATE "C" NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL,
    code_hash  TEXT COLLATE "C" NOT NULL,
    created_at BIGINT           NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (app_id, user_id, code_hash)
);
