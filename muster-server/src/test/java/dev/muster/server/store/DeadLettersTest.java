package dev.muster.server.store;

import dev.muster.server.testing.Backend;
import org.junit.jupiter.api.Nested;

/** The dead-letter table on SQLite and on a real PostgreSQL server. */
class DeadLettersTest {
    @Nested
    class OnSqlite extends DeadLettersContract implements Backend.OnSqlite {
    }

    @Nested
    class OnPostgres extends DeadLettersContract implements Backend.OnPostgres {
    }
}
