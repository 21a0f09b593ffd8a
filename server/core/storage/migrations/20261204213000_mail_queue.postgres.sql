-- The mail queue (a Staffgate extension): every email the web app sends is stored here before the request that
-- caused it answers, then delivered by a worker of any web instance. A worker claims a message with a lease
-- (`claimed_until`, `lease_token`); a message whose lease ran out is claimed again. `state` is pending (to send,
-- at `next_attempt_at` or later), sent, or failed (given up after 24 h of attempts). The body is emptied once the
-- message is sent or has failed: links in it are secrets. Finished rows are deleted after a retention period.

CREATE TABLE mail_queue (
    app_id          TEXT COLLATE "C" NOT NULL,
    id              TEXT COLLATE "C" NOT NULL,
    recipient       TEXT COLLATE "C" NOT NULL,
    subject         TEXT COLLATE "C" NOT NULL,
    body            TEXT COLLATE "C" NOT NULL,
    state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        BIGINT  NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    lease_token     TEXT COLLATE "C",
    last_error      TEXT COLLATE "C",
    last_error_at   BIGINT,
    finished_at     BIGINT,
    PRIMARY KEY (app_id, id)
);

CREATE INDEX mail_queue_due ON mail_queue (app_id, state, next_attempt_at);
CREATE INDEX mail_queue_finished ON mail_queue (state, finished_at);
