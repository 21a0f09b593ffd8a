-- The mail queue (a Staffgate extension): every email the web app sends is stored here before the request that
-- caused it answers, then delivered by a worker of any web instance. A worker claims a message with a lease
-- (`claimed_until`, `lease_token`); a message whose lease ran out is claimed again. `state` is pending (to send,
-- at `next_attempt_at` or later), sent, or failed (given up after 24 h of attempts). The body is emptied once the
-- message is sent or has failed: links in it are secrets. Finished rows are deleted after a retention period.

CREATE TABLE mail_queue (
    app_id          TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    lease_token     TEXT,
    last_error      TEXT,
    last_error_at   INTEGER,
    finished_at     INTEGER,
    PRIMARY KEY (app_id, id)
) STRICT;

CREATE INDEX mail_queue_due ON mail_queue (app_id, state, next_attempt_at);
CREATE INDEX mail_queue_finished ON mail_queue (state, finished_at);
