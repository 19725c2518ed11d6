package dev.muster.server.schedule;

import dev.muster.server.store.Database;
import java.nio.file.Path;

/** The scheduler contract on SQLite in a temp data directory. */
class SqliteSchedulerTest extends SchedulerContract {
    @Override
    Database newDatabase(Path dir) {
        return Database.sqlite(dir.resolve("data"));
    }
}
