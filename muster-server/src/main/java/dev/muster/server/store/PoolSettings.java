package dev.muster.server.store;

import dev.muster.core.InputException;
import java.time.Duration;
import java.util.Objects;

/**
 * The PostgreSQL connection pool of one server. Size it to the database, not to the load: every
 * controller holds up to {@code maxSize} connections, so {@code controllers x maxSize} must stay
 * below PostgreSQL's {@code max_connections} minus its {@code superuser_reserved_connections} and
 * room for psql, backups and monitoring (with PostgreSQL's default 100: up to 8 controllers at the
 * default 10). More connections than the database has cores to run them only queue inside
 * PostgreSQL instead of here.
 *
 * @param maxSize           most connections open at once (default 10)
 * @param minIdle           idle connections kept ready when the server is quiet (default 2)
 * @param connectionTimeout longest a unit of work waits for a connection before it fails (HTTP 503)
 *                          (default 5 s, at least 250 ms)
 * @param idleTimeout       an idle connection above {@code minIdle} closes after this (default 10 min;
 *                          0 never, else at least 10 s)
 * @param maxLifetime       a connection is replaced after this, when idle (default 30 min; 0 never,
 *                          else at least 30 s); keep it below any timeout a proxy or firewall imposes
 */
public record PoolSettings(int maxSize, int minIdle, Duration connectionTimeout, Duration idleTimeout,
                           Duration maxLifetime) {
    static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MIN_LIFETIME = Duration.ofSeconds(30);
    // (after the minimums: static fields initialise in order)
    public static final PoolSettings DEFAULTS = new PoolSettings(10, 2, Duration.ofSeconds(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30));

    /** @throws InputException naming the server option that is out of range */
    public PoolSettings {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (maxSize < 1) {
            throw bad("--store-pool-size", "expected at least 1 connection, got " + maxSize);
        }
        if (minIdle < 0 || minIdle > maxSize) {
            throw bad("--store-pool-min-idle", "expected 0 to the pool size (" + maxSize + "), got " + minIdle);
        }
        if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            throw bad("--store-connection-timeout", "expected at least 250ms, got " + connectionTimeout.toMillis() + "ms");
        }
        if (!idleTimeout.isZero() && idleTimeout.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            throw bad("--store-idle-timeout", "expected 0 (never) or at least 10s, got " + idleTimeout.toMillis() + "ms");
        }
        if (!maxLifetime.isZero() && maxLifetime.compareTo(MIN_LIFETIME) < 0) {
            throw bad("--store-max-lifetime", "expected 0 (never) or at least 30s, got " + maxLifetime.toMillis() + "ms");
        }
    }

    public PoolSettings withMaxSize(int size) {
        return new PoolSettings(size, Math.min(minIdle, size), connectionTimeout, idleTimeout, maxLifetime);
    }

    public PoolSettings withConnectionTimeout(Duration timeout) {
        return new PoolSettings(maxSize, minIdle, timeout, idleTimeout, maxLifetime);
    }

    private static InputException bad(String option, String message) {
        return InputException.option(option, message);
    }
}
