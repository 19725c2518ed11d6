package dev.muster.server.schedule;

import dev.muster.server.testing.Backend;

/** The scheduler contract, two servers sharing one database included, on a real PostgreSQL server, a fresh database per test. */
class PostgresSchedulerTest extends SchedulerContract implements Backend.OnPostgres {
}
