package dev.muster.server.store;

import dev.muster.server.testing.Backend;
import org.junit.jupiter.api.Nested;

/** The store contracts on SQLite in a temp data directory. */
class SqliteStoreTest {
    @Nested
    class Runs extends StoreContract implements Backend.OnSqlite {
    }

    @Nested
    class Output extends OutputContract implements Backend.OnSqlite {
    }

    @Nested
    class Queue extends QueueContract implements Backend.OnSqlite {
    }

    @Nested
    class Access extends AccessContract implements Backend.OnSqlite {
    }

    @Nested
    class Serve extends ServeContract implements Backend.OnSqlite {
    }
}
