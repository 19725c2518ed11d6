package dev.muster.server.testing;

import dev.muster.server.store.Database;
import java.nio.file.Path;

/** Which database a contract test runs on; a test class picks one by implementing a sub-interface. */
public interface Backend {
    /** A new, empty database (SQLite in {@code dir}, or a fresh PostgreSQL database). */
    Database newDatabase(Path dir);

    /** SQLite in a temp data directory. */
    interface OnSqlite extends Backend {
        @Override
        default Database newDatabase(Path dir) {
            return Database.sqlite(dir.resolve("data"));
        }
    }

    /** A fresh database on the shared test {@link PostgresServer}. */
    interface OnPostgres extends Backend {
        @Override
        default Database newDatabase(Path dir) {
            return PostgresServer.shared().freshDatabase();
        }
    }
}
