-- The admin user list: each user's last sign-in (kept by a trigger on new sessions), a sort index for it and for
-- the email, and substring search on emails through an FTS5 trigram index kept in step by triggers.

-- 0 = never signed in. Every sign-in makes a session, so a new session is the sign-in time.
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER NOT NULL DEFAULT 0;
UPDATE users SET last_sign_in_at = COALESCE((SELECT max(s.created_at) FROM sessions s WHERE s.app_id = users.app_id AND s.user_id = users.user_id), 0);

CREATE TRIGGER sessions_note_sign_in AFTER INSERT ON sessions BEGIN
    UPDATE users SET last_sign_in_at = max(last_sign_in_at, NEW.created_at) WHERE app_id = NEW.app_id AND user_id = NEW.user_id;
END;

CREATE INDEX users_last_sign_in ON users (app_id, tenant_id, last_sign_in_at, user_id);
-- Phone-only passwordless users have no email: they sort as ''.
CREATE INDEX users_sort_email ON users (app_id, tenant_id, COALESCE(email, ''), user_id);

-- Substring search ("smith" finds james.smith@…): FTS5's trigram tokenizer indexes every 3-character run of the
-- email. The FTS row id comes from users_email_trigram_ids (an INTEGER PRIMARY KEY, which VACUUM and copies keep),
-- not from users' own rowid, which VACUUM may renumber. Both tables exist only in SQLite (migrate-db skips them).
CREATE TABLE users_email_trigram_ids (
    id      INTEGER PRIMARY KEY,
    app_id  TEXT NOT NULL,
    user_id TEXT NOT NULL,
    UNIQUE (app_id, user_id)
) STRICT;

CREATE VIRTUAL TABLE users_email_trigram USING fts5(email, tokenize = 'trigram');

INSERT INTO users_email_trigram_ids (app_id, user_id) SELECT app_id, user_id FROM users;
INSERT INTO users_email_trigram (rowid, email)
SELECT i.id, u.email FROM users u JOIN users_email_trigram_ids i ON i.app_id = u.app_id AND i.user_id = u.user_id WHERE u.email IS NOT NULL;

CREATE TRIGGER users_email_trigram_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_email_trigram_ids (app_id, user_id) VALUES (NEW.app_id, NEW.user_id);
    INSERT INTO users_email_trigram (rowid, email) SELECT last_insert_rowid(), NEW.email WHERE NEW.email IS NOT NULL;
END;

CREATE TRIGGER users_email_trigram_update AFTER UPDATE OF email ON users WHEN OLD.email IS NOT NEW.email BEGIN
    DELETE FROM users_email_trigram WHERE rowid = (SELECT id FROM users_email_trigram_ids WHERE app_id = OLD.app_id AND user_id = OLD.user_id);
    INSERT INTO users_email_trigram (rowid, email)
    SELECT id, NEW.email FROM users_email_trigram_ids WHERE app_id = NEW.app_id AND user_id = NEW.user_id AND NEW.email IS NOT NULL;
END;

CREATE TRIGGER users_email_trigram_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_email_trigram WHERE rowid = (SELECT id FROM users_email_trigram_ids WHERE app_id = OLD.app_id AND user_id = OLD.user_id);
    DELETE FROM users_email_trigram_ids WHERE app_id = OLD.app_id AND user_id = OLD.user_id;
END;
