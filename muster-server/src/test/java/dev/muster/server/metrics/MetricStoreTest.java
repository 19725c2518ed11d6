package dev.muster.server.metrics;

import dev.muster.server.testing.Backend;
import org.junit.jupiter.api.Nested;

/** The metric store contract on SQLite and on a real PostgreSQL server. */
class MetricStoreTest {
    @Nested
    class OnSqlite extends MetricStoreContract implements Backend.OnSqlite {
    }

    @Nested
    class OnPostgres extends MetricStoreContract implements Backend.OnPostgres {
    }
}
