-- muster store, schema version 1: the SQLite part, run after ../V1__initial.sql.

-- Append-only: the store has no API to change it, and the database refuses to.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      BIGINT NOT NULL,
    actor   VARCHAR(200) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    targets TEXT,
    result  VARCHAR(100) NOT NULL,
    detail  TEXT
);
CREATE INDEX audit_by_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only; no update');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only; no delete');
END;
