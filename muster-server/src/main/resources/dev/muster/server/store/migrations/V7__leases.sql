-- muster store, schema version 7: leases on claimed runs. A controller that claims a run holds it
-- until lease_expires_at and renews the lease while it executes it (a heartbeat); a run whose lease
-- ran out is reaped by any controller: marked interrupted, its hosts in flight reported as such.
-- claims counts how often the run was claimed (more than once only when it was resumed).
ALTER TABLE runs ADD COLUMN lease_expires_at BIGINT;
ALTER TABLE runs ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
CREATE INDEX runs_by_lease ON runs (status, lease_expires_at);

-- The hosts a run has started and not yet finished, so a reaper can tell which were in flight.
CREATE TABLE run_inflight (
    run_id     VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    host       VARCHAR(255) NOT NULL,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, host)
)
