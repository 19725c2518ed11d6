package dev.muster.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The store contracts on SQLite in a temp data directory. */
class SqliteStoreTest {
    static Database database(Path dir) {
        return Database.sqlite(dir.resolve("data"));
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
