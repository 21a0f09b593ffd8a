-- Passwordless sign-in (codes and magic links) and passwordless users, who have an email, a phone number or both.

ALTER TABLE users DROP CONSTRAINT users_recipe_id_check;
ALTER TABLE users ADD CONSTRAINT users_recipe_id_check CHECK (recipe_id IN ('emailpassword', 'thirdparty', 'passwordless'));
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD COLUMN phone_number TEXT COLLATE "C";
-- Only a passwordless user may lack an email, and then has a phone number.
ALTER TABLE users ADD CONSTRAINT users_contact_check CHECK (email IS NOT NULL OR (recipe_id = 'passwordless' AND phone_number IS NOT NULL));

CREATE UNIQUE INDEX users_passwordless_email ON users (app_id, tenant_id, email) WHERE recipe_id = 'passwordless' AND email IS NOT NULL;
CREATE UNIQUE INDEX users_passwordless_phone ON users (app_id, tenant_id, phone_number) WHERE recipe_id = 'passwordless' AND phone_number IS NOT NULL;

-- A device is one sign-in attempt for an email or a phone number; preAuthSessionId is its device_id_hash.
CREATE TABLE passwordless_devices (
    app_id          TEXT COLLATE "C" NOT NULL,
    tenant_id       TEXT COLLATE "C" NOT NULL,
    device_id_hash  TEXT COLLATE "C" NOT NULL,
    email           TEXT COLLATE "C",
    phone_number    TEXT COLLATE "C",
    link_code_salt  TEXT COLLATE "C" NOT NULL,
    failed_attempts INTEGER          NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, tenant_id, device_id_hash),
    CHECK ((email IS NULL) <> (phone_number IS NULL))
);

CREATE INDEX passwordless_devices_email ON passwordless_devices (app_id, tenant_id, email);
CREATE INDEX passwordless_devices_phone ON passwordless_devices (app_id, tenant_id, phone_number);

-- Codes are stored only as the hash of their link code.
CREATE TABLE passwordless_codes (
    app_id         TEXT COLLATE "C" NOT NULL,
    tenant_id      TEXT COLLATE "C" NOT NULL,
    code_id        TEXT COLLATE "C" NOT NULL,
    device_id_hash TEXT COLLATE "C" NOT NULL,
    link_code_hash TEXT COLLATE "C" NOT NULL,
    created_at     BIGINT           NOT NULL,
    PRIMARY KEY (app_id, tenant_id, code_id),
    UNIQUE (app_id, tenant_id, link_code_hash),
    FOREIGN KEY (app_id, tenant_id, device_id_hash) REFERENCES passwordless_devices (app_id, tenant_id, device_id_hash) ON DELETE CASCADE
);

CREATE INDEX passwordless_codes_device ON passwordless_codes (app_id, tenant_id, device_id_hash);
