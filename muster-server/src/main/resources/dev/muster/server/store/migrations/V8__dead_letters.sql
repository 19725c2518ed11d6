-- muster store, schema version 8: the dead-letter queue (issue 18). A host's run step whose failure
-- a retry cannot help, or that used up its retries, is kept here until someone requeues or
-- discards it. last_output is stored redacted (secret values masked), and cut to a bound.
CREATE TABLE dead_letters (
    id           VARCHAR(64) NOT NULL PRIMARY KEY,
    run_id       VARCHAR(64) NOT NULL,
    host         VARCHAR(255) NOT NULL,
    environment  VARCHAR(255),
    step         TEXT NOT NULL,
    error_kind   VARCHAR(64) NOT NULL,
    attempts     INTEGER NOT NULL,
    exit_code    INTEGER,
    last_output  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    state        VARCHAR(16) NOT NULL,
    settled_at   BIGINT,
    settled_by   VARCHAR(255),
    requeue_run  VARCHAR(64)
);
CREATE INDEX dead_letters_by_state ON dead_letters (state, created_at);
CREATE INDEX dead_letters_by_run ON dead_letters (run_id)
