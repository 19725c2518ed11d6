-- muster store, schema version 6: the environments an audit entry concerns (comma-separated, or
-- NULL for none in particular), so a reader sees only entries of environments they may view.
-- Adding a column changes no row: the append-only triggers stay as they are.
ALTER TABLE audit ADD COLUMN environments TEXT
