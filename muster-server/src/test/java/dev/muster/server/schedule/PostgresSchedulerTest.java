package dev.muster.server.schedule;

import dev.muster.server.store.Database;
import dev.muster.server.testing.PostgresServer;
import java.nio.file.Path;

/** The scheduler contract, two servers sharing one database included, on a real PostgreSQL. */
class PostgresSchedulerTest extends SchedulerContract {
    @Override
    Database newDatabase(Path dir) {
        return PostgresServer.shared().freshDatabase();
    }
}
