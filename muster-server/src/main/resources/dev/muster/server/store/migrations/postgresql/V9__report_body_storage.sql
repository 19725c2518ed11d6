-- muster store, schema version 9: the postgresql part, run after ../V9__report_body_storage.sql.
-- A report's body (the whole report as one JSON text) is read whole on every report page.
-- PostgreSQL compressed it with pglz by default and decompressed it on every read: the page ran at
-- 0.62x SQLite's requests/s (bench/server.sh --store temp, idle machine). Out of line and
-- uncompressed instead; reports written before this version stay compressed until rewritten.
ALTER TABLE reports ALTER COLUMN body SET STORAGE EXTERNAL
