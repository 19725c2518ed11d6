package dev.muster.server.store;

import dev.muster.server.testing.Backend;
import org.junit.jupiter.api.Nested;

/** The store contracts on a real PostgreSQL server, a fresh database per test. */
class PostgresStoreTest {
    @Nested
    class Runs extends StoreContract implements Backend.OnPostgres {
    }

    @Nested
    class Output extends OutputContract implements Backend.OnPostgres {
    }

    @Nested
    class Queue extends QueueContract implements Backend.OnPostgres {
    }

    @Nested
    class Access extends AccessContract implements Backend.OnPostgres {
    }

    @Nested
    class Serve extends ServeContract implements Backend.OnPostgres {
    }
}
