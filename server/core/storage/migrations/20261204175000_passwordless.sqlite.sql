-- Passwordless sign-in (codes and magic links) and passwordless users, who have an email, a phone number or both.
-- SQLite cannot change a CHECK or a NOT NULL in place: the users table is rebuilt with the same rows and indexes.

CREATE TABLE users_new (
    app_id              TEXT    NOT NULL,
    tenant_id           TEXT    NOT NULL,
    user_id             TEXT    NOT NULL,
    recipe_id           TEXT    NOT NULL CHECK (recipe_id IN ('emailpassword', 'thirdparty', 'passwordless')),
    email               TEXT,
    time_joined         INTEGER NOT NULL,
    third_party_id      TEXT,
    third_party_user_id TEXT,
    email_domain        TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL,
    phone_number        TEXT,
    PRIMARY KEY (app_id, user_id),
    -- Only a passwordless user may lack an email, and then has a phone number.
    CHECK (email IS NOT NULL OR (recipe_id = 'passwordless' AND phone_number IS NOT NULL))
) STRICT;

INSERT INTO users_new (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
SELECT app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id FROM users;

DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE UNIQUE INDEX users_emailpassword_email ON users (app_id, tenant_id, email) WHERE recipe_id = 'emailpassword';
CREATE UNIQUE INDEX users_thirdparty_id ON users (app_id, tenant_id, third_party_id, third_party_user_id) WHERE recipe_id = 'thirdparty';
CREATE INDEX users_email ON users (app_id, tenant_id, email);
CREATE INDEX users_time_joined ON users (app_id, tenant_id, time_joined, user_id);
CREATE INDEX users_email_time ON users (app_id, tenant_id, email, time_joined);
CREATE INDEX users_third_party_id ON users (app_id, tenant_id, third_party_id);
CREATE INDEX users_email_domain ON users (app_id, tenant_id, email_domain);
CREATE UNIQUE INDEX users_passwordless_email ON users (app_id, tenant_id, email) WHERE recipe_id = 'passwordless' AND email IS NOT NULL;
CREATE UNIQUE INDEX users_passwordless_phone ON users (app_id, tenant_id, phone_number) WHERE recipe_id = 'passwordless' AND phone_number IS NOT NULL;

-- A device is one sign-in attempt for an email or a phone number; preAuthSessionId is its device_id_hash.
CREATE TABLE passwordless_devices (
    app_id          TEXT    NOT NULL,
    tenant_id       TEXT    NOT NULL,
    device_id_hash  TEXT    NOT NULL,
    email           TEXT,
    phone_number    TEXT,
    link_code_salt  TEXT    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, tenant_id, device_id_hash),
    CHECK ((email IS NULL) <> (phone_number IS NULL))
) STRICT;

CREATE INDEX passwordless_devices_email ON passwordless_devices (app_id, tenant_id, email);
CREATE INDEX passwordless_devices_phone ON passwordless_devices (app_id, tenant_id, phone_number);

-- Codes are stored only as the hash of their link code.
CREATE TABLE passwordless_codes (
    app_id         TEXT    NOT NULL,
    tenant_id      TEXT    NOT NULL,
    code_id        TEXT    NOT NULL,
    device_id_hash TEXT    NOT NULL,
    link_code_hash TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (app_id, tenant_id, code_id),
    UNIQUE (app_id, tenant_id, link_code_hash),
    FOREIGN KEY (app_id, tenant_id, device_id_hash) REFERENCES passwordless_devices (app_id, tenant_id, device_id_hash) ON DELETE CASCADE
) STRICT;

CREATE INDEX passwordless_codes_device ON passwordless_codes (app_id, tenant_id, device_id_hash);
