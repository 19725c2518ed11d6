package dev.muster.server.schedule;

import dev.muster.server.testing.Backend;

/** The scheduler contract, two servers sharing one database included, on SQLite in a temp data directory. */
class SqliteSchedulerTest extends SchedulerContract implements Backend.OnSqlite {
}
