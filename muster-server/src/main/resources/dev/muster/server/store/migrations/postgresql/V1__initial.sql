-- muster store, schema version 1: the PostgreSQL part, run after ../V1__initial.sql.

-- Append-only: the store has no API to change it, and the database refuses to.
CREATE TABLE audit (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   VARCHAR(200) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    targets TEXT,
    result  VARCHAR(100) NOT NULL,
    detail  TEXT
);
CREATE INDEX audit_by_at ON audit (at);

CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit is append-only; no %', lower(TG_OP);
END;
$$;

CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();

CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
