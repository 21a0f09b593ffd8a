-- The admin user list: each user's last sign-in (kept by a trigger on new sessions), a sort index for it and for
-- the email, and substring search on emails through a pg_trgm GIN index.

-- 0 = never signed in. Every sign-in makes a session, so a new session is the sign-in time.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET last_sign_in_at = COALESCE((SELECT max(s.created_at) FROM sessions s WHERE s.app_id = users.app_id AND s.user_id = users.user_id), 0);

CREATE FUNCTION sessions_note_sign_in() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE users SET last_sign_in_at = GREATEST(last_sign_in_at, NEW.created_at) WHERE app_id = NEW.app_id AND user_id = NEW.user_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_note_sign_in AFTER INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_note_sign_in();

CREATE INDEX users_last_sign_in ON users (app_id, tenant_id, last_sign_in_at, user_id);
-- Phone-only passwordless users have no email: they sort as ''.
CREATE INDEX users_sort_email ON users (app_id, tenant_id, (COALESCE(email, '')), user_id);

-- Substring search ("smith" finds james.smith@…): a trigram GIN index serves email LIKE '%term%' (3 characters
-- or more). pg_trgm ships with PostgreSQL (the contrib modules); it is a trusted extension, so since PostgreSQL 13
-- the database owner may create it without superuser rights. The extension lives in one schema per database:
-- an existing one is used where it is, a new one goes to `public` (when there is one) so that every Staffgate
-- schema of the database can use it, and its operator class is named with its schema.
DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NULL THEN
        trgm_schema := CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN 'public' ELSE current_schema() END;
        EXECUTE format('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA %I', trgm_schema);
    END IF;

    EXECUTE format('CREATE INDEX users_email_trigram ON users USING gin (email %I.gin_trgm_ops)', trgm_schema);
END
$$;
