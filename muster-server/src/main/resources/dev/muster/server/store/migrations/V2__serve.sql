-- muster store, schema version 2: what `muster serve` adds (roles, dashboard sessions, plan runs'
-- journal and approvals, small named state). Times are epoch milliseconds (UTC).

-- A role per subject (a user, or a token's owner) and environment; '*' stands for every environment.
CREATE TABLE grants (
    subject     VARCHAR(200) NOT NULL,
    environment VARCHAR(100) NOT NULL,
    role        VARCHAR(16) NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (subject, environment)
);

-- Dashboard sessions, looked up by SHA-256 of the cookie's value; the cookie itself is never stored.
CREATE TABLE sessions (
    id_hash    VARCHAR(64) PRIMARY KEY,
    username   VARCHAR(200) NOT NULL,
    csrf       VARCHAR(64) NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- A plan run's journal, one line per mark in the order written.
CREATE TABLE run_marks (
    run_id VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    mark   VARCHAR(16) NOT NULL,
    batch  INTEGER NOT NULL,
    step   INTEGER NOT NULL,
    host   VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    name   VARCHAR(200) NOT NULL,
    output TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- What a plan run waits for at an approve step, and who approved it.
CREATE TABLE run_approvals (
    run_id       VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    approval_key VARCHAR(200) NOT NULL,
    message      TEXT,
    requested_at BIGINT NOT NULL,
    approved_by  VARCHAR(200),
    approved_at  BIGINT,
    PRIMARY KEY (run_id, approval_key)
);

-- Small named values kept between runs, e.g. the live colour of a blue-green plan.
CREATE TABLE store_state (
    state_key  VARCHAR(200) PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
