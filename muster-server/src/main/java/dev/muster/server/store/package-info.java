/**
 * The server's store over JDBC: SQLite (WAL, busy timeout, immediate transactions) in the data
 * directory by default, PostgreSQL for several servers sharing one store; either way through a
 * HikariCP connection pool ({@link dev.muster.server.store.Database}, {@link
 * dev.muster.server.store.PoolSettings}). {@link
 * dev.muster.server.store.Store#open} migrates the schema (scripts under {@code migrations/},
 * applied in one transaction, recorded in {@code schema_version} with their checksums) and
 * refuses a database written by a newer muster.
 *
 * <p>Tables: {@code runs} (queued → running → finished/cancelled, with who asked, the claiming
 * server and the schedule that fired it), {@code run_hosts} (one outcome per host),
 * {@code run_output} (output in numbered chunks), {@code schedules}, {@code schedule_fires}
 * (primary key schedule + instant: one firing per instant), {@code audit} (append-only, enforced
 * by triggers), {@code api_tokens} (salted SHA-256 of the token's secret) and {@code users}
 * (PBKDF2 password hashes); from V2 {@code grants} (role per subject and environment),
 * {@code sessions} (SHA-256 of the cookie, a CSRF token each), {@code run_marks} (plan journals),
 * {@code run_approvals} and {@code store_state}. Times are epoch milliseconds.
 *
 * <p>Secrets: the store never sees a token or password in clear after issuing or setting it.
 * Commands, specs, outcomes and output are stored as handed over; the engine redacts secret
 * values before they reach any {@link dev.muster.core.store.RunStore}, and server-side callers
 * must do the same.
 */
package dev.muster.server.store;
