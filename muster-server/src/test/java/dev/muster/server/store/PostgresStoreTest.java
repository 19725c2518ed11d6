package dev.muster.server.store;

import dev.muster.server.testing.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The store contracts on a real PostgreSQL server, a fresh database each. */
class PostgresStoreTest {
    static Database database(Path dir) {
        return PostgresServer.shared().freshDatabase();
    }

    @Nested
    class Runs extends StoreContract {
        @Override
        Database newDatabase(Path dir) {
            return database(dir);
        }
    }

    @Nested
    class Output extends OutputContract {
        @Override
        Database newDatabase(Path dir) {
            return database(dir);
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        Database newDatabase(Path dir) {
            return database(dir);
        }
    }

    @Nested
    class Access extends AccessContract {
        @Override
        Database newDatabase(Path dir) {
            return database(dir);
        }
    }
}
