-- muster store, schema version 10: output of running runs as it comes, for the other servers of a
-- shared store (a page opened on server B follows a run server A executes). Numbered per run in
-- the order the executing server wrote it (seq), each host's newest lines only (its writer drops
-- older rows and leaves one stream = 'cut' row per host saying so). Rows go a few minutes after the
-- run ends (the whole output is in run_output). Text arrives redacted.
CREATE TABLE run_live_output (
    run_id VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq    BIGINT NOT NULL,
    host   VARCHAR(255) NOT NULL,
    stream VARCHAR(6) NOT NULL,
    chunk  TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX run_live_output_by_host ON run_live_output (run_id, host, seq)
