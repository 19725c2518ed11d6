-- A cancel asked of a server that is not running the run: the server that is running it sees the
-- request and cancels (several servers on one store).
ALTER TABLE runs ADD COLUMN cancel_requested_at BIGINT
