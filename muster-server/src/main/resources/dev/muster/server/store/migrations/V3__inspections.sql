-- muster store, schema version 3: inspections (reports, per-check rows, log cursors) and metric
-- samples. Times are epoch milliseconds (UTC). Messages are redacted before they reach the store.

-- One row per inspection run; body is the whole report as JSON (see README, "Inspections and reports").
CREATE TABLE reports (
    id          VARCHAR(64) PRIMARY KEY,
    inspection  VARCHAR(200) NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    hosts       INTEGER NOT NULL,
    passed      INTEGER NOT NULL,
    warned      INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX reports_by_inspection ON reports (inspection, started_at);
CREATE INDEX reports_by_started ON reports (started_at);

-- One row per host and check of a report: what "changes since the previous report" compares.
CREATE TABLE report_rows (
    report_id  VARCHAR(64) NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    host       VARCHAR(255) NOT NULL,
    check_name VARCHAR(300) NOT NULL,
    status     VARCHAR(8) NOT NULL,
    value      TEXT,
    message    TEXT,
    PRIMARY KEY (report_id, host, check_name)
);

-- Where the last inspection stopped reading each log on each host (inode + byte offset).
CREATE TABLE log_cursors (
    inspection  VARCHAR(200) NOT NULL,
    host        VARCHAR(255) NOT NULL,
    path        VARCHAR(1000) NOT NULL,
    inode       VARCHAR(40) NOT NULL,
    byte_offset BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (inspection, host, path)
);

-- Metric samples for charts: one row per host per sampling round; disks is JSON {mount: used %}.
CREATE TABLE metric_samples (
    host         VARCHAR(255) NOT NULL,
    at           BIGINT NOT NULL,
    up           INTEGER NOT NULL,
    cpu_percent  DOUBLE PRECISION,
    mem_percent  DOUBLE PRECISION,
    load1        DOUBLE PRECISION,
    cpus         INTEGER,
    disk_percent DOUBLE PRECISION,
    disks        TEXT,
    net_rx_bps   DOUBLE PRECISION,
    net_tx_bps   DOUBLE PRECISION,
    error        TEXT,
    PRIMARY KEY (host, at)
);
CREATE INDEX metric_samples_by_at ON metric_samples (at);

-- Which sample of each host is the newest, kept on write: "latest for 2,000 hosts" reads 2,000
-- rows here and looks each sample up by its primary key, whatever the history holds.
CREATE TABLE metric_latest (
    host VARCHAR(255) PRIMARY KEY,
    at   BIGINT NOT NULL
);
