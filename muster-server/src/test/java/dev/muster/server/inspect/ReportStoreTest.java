package dev.muster.server.inspect;

import dev.muster.server.testing.Backend;
import org.junit.jupiter.api.Nested;

/** The report store contract on SQLite and on a real PostgreSQL server. */
class ReportStoreTest {
    @Nested
    class OnSqlite extends ReportStoreContract implements Backend.OnSqlite {
    }

    @Nested
    class OnPostgres extends ReportStoreContract implements Backend.OnPostgres {
    }
}
