-- Two-factor sign-in: TOTP devices and the codes tried against them (CDI `rid: totp`), and Staffgate's
-- recovery codes. A TOTP user row exists while the user has at least one device; deleting it takes the devices
-- and the used codes (the replay list and the attempt streak) with it.

CREATE TABLE totp_users (
    app_id  TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (app_id, user_id)
) STRICT;

CREATE TABLE totp_devices (
    app_id       TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    device_name  TEXT    NOT NULL,
    secret       TEXT    NOT NULL,
    period       INTEGER NOT NULL,
    skew         INTEGER NOT NULL,
    verified     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    PRIMARY KEY (app_id, user_id, device_name),
    FOREIGN KEY (app_id, user_id) REFERENCES totp_users (app_id, user_id) ON DELETE CASCADE
) STRICT;

-- Every code tried at a verify endpoint, per tenant. `id` orders codes tried in the same millisecond.
CREATE TABLE totp_used_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     TEXT    NOT NULL,
    tenant_id  TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    is_valid   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    FOREIGN KEY (app_id, user_id) REFERENCES totp_users (app_id, user_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX totp_used_codes_user ON totp_used_codes (app_id, tenant_id, user_id, created_at, id);
CREATE INDEX totp_used_codes_cascade ON totp_used_codes (app_id, user_id);
CREATE INDEX totp_used_codes_expiry ON totp_used_codes (expires_at);

-- Only a hash of each recovery code is kept; `used_at` is set when it is spent.
CREATE TABLE recovery_codes (
    app_id     TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    code_hash  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (app_id, user_id, code_hash)
) STRICT;
