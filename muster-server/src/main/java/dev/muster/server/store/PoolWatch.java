package dev.muster.server.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Watches every connection the pool lends: counts the waits for a busy pool and warns about them
 * in the log (the first at once, then at most once a minute), and notices when the database
 * itself is down. While it is down, requests fail at once with the reason instead of each
 * waiting out the connection timeout, and one request a second goes through to the pool to see
 * whether it is back (the pool keeps trying to connect meanwhile, so the first one after the
 * database returns gets a connection).
 */
final class PoolWatch {
    private static final System.Logger LOG = System.getLogger(PoolWatch.class.getName());
    static final long WARN_EVERY_NANOS = 60_000_000_000L;
    static final long PROBE_EVERY_NANOS = 1_000_000_000L;

    private final String store;
    private final PoolSettings settings;
    private final LongAdder acquired = new LongAdder();
    private final LongAdder waited = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final Object warnLock = new Object();
    private long lastWarn;
    private boolean warnedOnce;
    private long waitsSinceWarn;
    private long longestSinceWarn;
    private volatile String down;
    private volatile long downSince;
    private final AtomicLong nextProbe = new AtomicLong();

    PoolWatch(String store, PoolSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    Connection acquire(HikariDataSource ds) throws SQLException {
        long start = System.nanoTime();
        String reason = down;
        if (reason != null && !probeTurn(start)) {
            timeouts.increment();
            throw new SQLTransientConnectionException("the store " + store + " is unavailable: " + reason, "08001");
        }
        HikariPoolMXBean mx = ds.getHikariPoolMXBean();
        boolean busy = mx != null && mx.getIdleConnections() == 0 && mx.getTotalConnections() >= settings.maxSize();
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            timeouts.increment();
            String cause = databaseDown(e);
            if (cause != null) {
                markDown(cause);
                throw new SQLTransientConnectionException("the store " + store + " is unavailable: " + cause,
                        e.getSQLState(), e);
            }
            if (e instanceof SQLTransientConnectionException) {
                throw new SQLTransientConnectionException("no connection to the store " + store + " came free within "
                        + settings.connectionTimeout().toMillis() + " ms: all " + settings.maxSize() + " were busy. "
                        + advice(), e.getSQLState(), e);
            }
            throw e;
        }
        if (down != null) {
            markUp();
        }
        acquired.increment();
        if (busy) {
            waited(System.nanoTime() - start, mx);
        }
        return c;
    }

    /** While down, lets one caller a second through to the pool. */
    private boolean probeTurn(long now) {
        long next = nextProbe.get();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + PROBE_EVERY_NANOS);
    }

    private void waited(long nanos, HikariPoolMXBean mx) {
        waited.increment();
        maxWaitNanos.accumulateAndGet(nanos, Math::max);
        long now = System.nanoTime();
        String message = null;
        synchronized (warnLock) {
            waitsSinceWarn++;
            longestSinceWarn = Math.max(longestSinceWarn, nanos);
            if (!warnedOnce || now - lastWarn >= WARN_EVERY_NANOS) {
                message = waitsSinceWarn + (waitsSinceWarn == 1 ? " request" : " requests") + " waited for a store "
                        + "connection (longest " + millis(longestSinceWarn) + " ms" + (warnedOnce ? " since the last "
                        + "warning" : "") + "): all " + settings.maxSize() + " connections to " + store + " were busy, "
                        + mx.getThreadsAwaitingConnection() + " threads wait now. " + advice();
                warnedOnce = true;
                lastWarn = now;
                waitsSinceWarn = 0;
                longestSinceWarn = 0;
            }
        }
        if (message != null) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private String advice() {
        return store.startsWith("postgresql:")
                ? "Raise --store-pool-size if PostgreSQL has connections to spare, or look for slow queries "
                        + "(hikaricp_connections_pending, hikaricp_connections_usage_seconds in /metrics)."
                : "SQLite writes one transaction at a time: a long one (retention, a big run) holds the others up.";
    }

    private void markDown(String cause) {
        long now = System.nanoTime();
        synchronized (this) {
            if (down == null) {
                downSince = now;
                LOG.log(System.Logger.Level.WARNING, "the store " + store + " is unavailable (" + cause + "): "
                        + "requests fail with 503 until it is back; checking every second");
            }
            down = cause;
            nextProbe.set(now + PROBE_EVERY_NANOS);
        }
    }

    private void markUp() {
        synchronized (this) {
            if (down != null) {
                LOG.log(System.Logger.Level.INFO, String.format("the store %s is back after %.1f s", store,
                        (System.nanoTime() - downSince) / 1e9));
                down = null;
            }
        }
    }

    PoolState state(HikariPoolMXBean mx) {
        return new PoolState(mx == null ? 0 : mx.getActiveConnections(), mx == null ? 0 : mx.getIdleConnections(),
                mx == null ? 0 : mx.getThreadsAwaitingConnection(), settings.maxSize(), acquired.sum(), waited.sum(),
                timeouts.sum(), maxWaitNanos.get() / 1e6, down);
    }

    /**
     * The reason when {@code e} says the database refused or dropped the connection attempt
     * (not merely that every pooled connection stayed busy), else null.
     */
    static String databaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && !(t instanceof SQLTransientConnectionException)
                    && connectionState(s.getSQLState())) {
                return firstLine(s.getMessage());
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return firstLine(t.toString());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** See {@link Database#unavailable(Throwable)}. */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof SQLException s && connectionState(s.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (admin or crash shutdown, cannot
     * connect now) and 53300 (too many connections).
     */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
