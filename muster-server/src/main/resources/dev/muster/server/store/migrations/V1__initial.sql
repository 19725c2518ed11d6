-- muster store, schema version 1. Times are epoch milliseconds (UTC). Output and messages are
-- stored as the caller hands them over: the engine redacts secrets before they reach the store.

-- One row per run: asked for (queued), claimed by a server and running, then finished/cancelled.
CREATE TABLE runs (
    id            VARCHAR(64) PRIMARY KEY,
    kind          VARCHAR(32) NOT NULL,
    selector      TEXT,
    command       TEXT,
    hosts         TEXT,
    spec          TEXT,
    environment   VARCHAR(100),
    requested_by  VARCHAR(200),
    schedule_name VARCHAR(200),
    retry_of      VARCHAR(64),
    status        VARCHAR(16) NOT NULL,
    exit_code     INTEGER,
    counts        TEXT,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    claimed_by    VARCHAR(200),
    claimed_at    BIGINT
);
CREATE INDEX runs_by_created ON runs (created_at);
CREATE INDEX runs_by_status ON runs (status, created_at);
CREATE INDEX runs_by_schedule ON runs (schedule_name, status);

-- Each host's outcome in a run; its output is in run_output.
CREATE TABLE run_hosts (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    host        VARCHAR(255) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    kind        VARCHAR(32),
    exit_code   INTEGER,
    signal_name VARCHAR(16),
    message     TEXT,
    attempts    INTEGER NOT NULL,
    duration_ms BIGINT NOT NULL,
    started_at  BIGINT,
    owed        TEXT,
    PRIMARY KEY (run_id, host)
);

-- Output in numbered chunks, so a huge output is written and read a chunk at a time.
CREATE TABLE run_output (
    run_id VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    host   VARCHAR(255) NOT NULL,
    stream VARCHAR(6) NOT NULL,
    seq    INTEGER NOT NULL,
    chunk  TEXT NOT NULL,
    PRIMARY KEY (run_id, host, stream, seq)
);

CREATE TABLE schedules (
    name       VARCHAR(200) PRIMARY KEY,
    cron       VARCHAR(200) NOT NULL,
    zone       VARCHAR(64) NOT NULL,
    target     TEXT NOT NULL,
    misfire    VARCHAR(16) NOT NULL,
    overlap    VARCHAR(16) NOT NULL,
    enabled    BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per (schedule, instant), inserted before the run is dispatched: the primary key is
-- what makes a firing happen once, across restarts and across servers sharing the database.
CREATE TABLE schedule_fires (
    schedule_name VARCHAR(200) NOT NULL REFERENCES schedules (name) ON DELETE CASCADE,
    scheduled_at  BIGINT NOT NULL,
    fired_at      BIGINT NOT NULL,
    fired_by      VARCHAR(200) NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    run_id        VARCHAR(64),
    PRIMARY KEY (schedule_name, scheduled_at)
);

CREATE TABLE users (
    name          VARCHAR(200) PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled      BOOLEAN NOT NULL
);

-- Tokens are looked up by id and checked against a salted SHA-256 of their secret part.
CREATE TABLE api_tokens (
    id           VARCHAR(32) PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    owner        VARCHAR(200) NOT NULL,
    salt         VARCHAR(64) NOT NULL,
    hash         VARCHAR(64) NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT
);
