-- muster store, schema version 5: a token carries its own roles, one per environment ('*' for
-- all), fixed when it is issued; issuing a token never changes its owner's grants. Tokens issued
-- before this version keep the roles their owner held at the upgrade.
CREATE TABLE token_grants (
    token_id    VARCHAR(32) NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    environment VARCHAR(100) NOT NULL,
    role        VARCHAR(16) NOT NULL,
    PRIMARY KEY (token_id, environment)
);

INSERT INTO token_grants (token_id, environment, role)
    SELECT t.id, g.environment, g.role FROM api_tokens t JOIN grants g ON g.subject = t.owner;
