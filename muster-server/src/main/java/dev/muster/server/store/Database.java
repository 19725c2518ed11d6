package dev.muster.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.muster.core.InputException;
import dev.muster.core.RunException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the store lives, and its connection pool. SQLite in a data directory (WAL, busy timeout,
 * foreign keys on, immediate transactions: one writer at a time) by default; PostgreSQL when
 * given a {@code postgresql://} URL, through a HikariCP pool sized by {@link PoolSettings}.
 * Either way {@link #connect()} lends a pooled connection that goes back on close, and a
 * database that cannot be reached fails fast: see {@link #unavailable(Throwable)}.
 *
 * <p>The pool opens on the first {@link #connect()} (parsing a URL touches no network) and
 * {@link #close()} closes it. Its gauges go to the registries added with {@link #bindMetrics}
 * ({@code hikaricp_*}, tagged {@code pool="muster-store"}).
 */
public final class Database implements AutoCloseable {
    /** How long a SQLite writer waits for another one before failing with SQLITE_BUSY. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    /** The pool's name in logs and in the {@code pool} tag of its metrics. */
    public static final String POOL_NAME = "muster-store";

    private final Dialect dialect;
    private final String display;
    private final HikariConfig config;
    private final PoolSettings settings;
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final PoolWatch watch;
    private volatile HikariDataSource pool;
    private volatile boolean closed;
    private boolean metered;

    private Database(Dialect dialect, String display, HikariConfig config, PoolSettings settings) {
        this.dialect = dialect;
        this.display = display;
        this.config = config;
        this.settings = settings;
        this.watch = new PoolWatch(display, settings);
        config.setPoolName(POOL_NAME);
        config.setMaximumPoolSize(settings.maxSize());
        config.setMinimumIdle(settings.minIdle());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setIdleTimeout(settings.idleTimeout().toMillis());
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        config.setInitializationFailTimeout(-1); // start without the database: connect() reports it
    }

    /**
     * SQLite in {@code dataDir/muster.db}, the directory created if missing. The directory is made
     * 0700 and the database files 0600 (SQLite gives its -wal and -shm files the database's mode), so
     * other users of the machine read neither runs' output nor the audit log.
     */
    public static Database sqlite(Path dataDir) {
        Path file = dataDir.resolve("muster.db");
        try {
            Files.createDirectories(dataDir);
            ownerOnly(dataDir, "rwx------");
            if (!Files.exists(file)) {
                Files.createFile(file); // SQLite takes an empty file for an empty database
            }
            for (String name : new String[] {"muster.db", "muster.db-wal", "muster.db-shm", "muster.db-journal"}) {
                if (Files.exists(dataDir.resolve(name))) {
                    ownerOnly(dataDir.resolve(name), "rw-------");
                }
            }
        } catch (java.io.IOException e) {
            throw new RunException("cannot prepare data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        sqlite.enforceForeignKeys(true);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // Take the write lock at BEGIN, so two writers queue on the busy timeout instead of
        // deadlocking when both try to upgrade a read transaction.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        return new Database(Dialect.SQLITE, file.toString(), config, SQLITE_POOL);
    }

    /**
     * SQLite's pool: one connection, the one writer. Every transaction takes SQLite's write lock
     * at BEGIN anyway, so more connections would only wait in SQLite's busy handler, which sleeps
     * between retries and lets a busy thread win again and again; the pool hands the connection
     * to the waiting threads in turn instead, and saves opening the file per unit of work. It
     * never goes stale; the wait for it is the busy timeout a writer already had.
     */
    static final PoolSettings SQLITE_POOL = new PoolSettings(1, 1, Duration.ofMillis(SQLITE_BUSY_TIMEOUT_MS),
            Duration.ZERO, Duration.ZERO);

    /**
     * PostgreSQL from {@code postgresql://user@host:port/database?options} (also {@code postgres://}
     * and {@code jdbc:postgresql://}), the default pool, the password from the URL, {@code
     * $PGPASSWORD} or {@code ~/.pgpass}.
     */
    public static Database postgresql(String url) {
        return postgresql(url, PoolSettings.DEFAULTS, (Path) null);
    }

    /**
     * As {@link #postgresql(String)} with this pool, and the password from {@code passwordFile}
     * (its first line) when the URL has none. The password never appears in {@link #toString()}.
     */
    public static Database postgresql(String url, PoolSettings pool, Path passwordFile) {
        return postgresql(url, pool, PostgresPassword.Sources.of(passwordFile));
    }

    static Database postgresql(String url, PoolSettings pool, PostgresPassword.Sources sources) {
        URI uri = parse(url);
        HikariConfig config = new HikariConfig();
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] userPass = uri.getRawUserInfo().split(":", 2);
            user = decode(userPass[0]);
            password = userPass.length == 2 ? decode(userPass[1]) : null;
        }
        if (user == null || user.isEmpty()) {
            String env = sources.env().get("PGUSER");
            user = env != null && !env.isBlank() ? env : System.getProperty("user.name");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String database = path.length() > 1 ? decode(path.substring(1)) : user;
        if (password == null) {
            password = PostgresPassword.resolve(uri.getHost(), port, database, user, sources).orElse(null);
        }
        config.setUsername(user);
        if (password != null) {
            config.setPassword(password);
        }
        String hostPort = uri.getHost() + ":" + port;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        config.setJdbcUrl("jdbc:postgresql://" + hostPort + path + query);
        Properties p = new Properties();
        p.setProperty("ApplicationName", "muster");
        p.setProperty("tcpKeepAlive", "true");
        // the pool bounds the wait for a connection; a new one must not take longer than that wait
        p.setProperty("connectTimeout", Long.toString(Math.max(1, pool.connectionTimeout().toSeconds())));
        config.setDataSourceProperties(p);
        return new Database(Dialect.POSTGRESQL, "postgresql://" + hostPort + path, config, pool);
    }

    private static URI parse(String url) {
        String rest = url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://");
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw InputException.in("store URL",
                    "expected postgresql://user@host:port/database, got an unparsable URL: " + e.getMessage());
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw InputException.in("store URL", "expected postgresql://user@host:port/database");
        }
        return uri;
    }

    /** Whether the URL carries a password (which then shows in {@code ps}; the CLI warns). */
    public static boolean urlHasPassword(String url) {
        return isPostgresql(url) && parse(url).getRawUserInfo() != null && parse(url).getRawUserInfo().contains(":");
    }

    static boolean isPostgresql(String url) {
        return url != null && url.matches("^(jdbc:)?postgres(ql)?://.*");
    }

    /** PostgreSQL for URLs that say so, SQLite in {@code dataDir} otherwise (null or blank). */
    public static Database of(String storeUrl, Path dataDir) {
        return of(storeUrl, dataDir, PoolSettings.DEFAULTS, null);
    }

    /** As {@link #of(String, Path)}, with the PostgreSQL pool and password file given (SQLite ignores them). */
    public static Database of(String storeUrl, Path dataDir, PoolSettings pool, Path passwordFile) {
        if (storeUrl == null || storeUrl.isBlank()) {
            return sqlite(dataDir);
        }
        if (isPostgresql(storeUrl)) {
            return postgresql(storeUrl, pool, passwordFile);
        }
        throw InputException.in("store URL",
                "expected a postgresql://... URL, or none for SQLite in the data directory, got " + storeUrl);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The pool's limits (for SQLite, the fixed ones that suit a file with one writer). */
    public PoolSettings poolSettings() {
        return settings;
    }

    /**
     * A pooled connection, auto-commit on; closing it returns it to the pool. Waits at most the
     * pool's connection timeout; fails at once while the database is known to be down.
     *
     * @throws SQLException when no connection came: {@link #unavailable(Throwable)} tells whether
     *                      the database is down or every connection stayed busy
     */
    public Connection connect() throws SQLException {
        HikariDataSource ds = pool();
        return watch.acquire(ds);
    }

    private HikariDataSource pool() {
        HikariDataSource ds = pool;
        if (ds == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the store " + display + " is closed");
                }
                ds = pool;
                if (ds == null) {
                    ds = new HikariDataSource(config);
                    pool = ds;
                }
            }
        }
        return ds;
    }

    /**
     * Adds {@code registry} to the pool's meters, and returns a handle that removes it again. The
     * pool starts recording at the first call (its meters go to every registry added).
     */
    public AutoCloseable bindMetrics(MeterRegistry registry) {
        synchronized (this) {
            meters.add(registry);
            if (!metered) {
                // registered after the first registry joined, so the composite has nothing to replay
                metered = true;
                MicrometerMetricsTrackerFactory tracker = new MicrometerMetricsTrackerFactory(meters);
                if (pool == null) {
                    config.setMetricsTrackerFactory(tracker);
                } else {
                    pool.setMetricsTrackerFactory(tracker);
                }
            }
        }
        return () -> meters.remove(registry);
    }

    /** The pool now: connections in use and idle, threads waiting, and counts since start. */
    public PoolState poolState() {
        HikariDataSource ds = pool;
        HikariPoolMXBean mx = ds == null || ds.isClosed() ? null : ds.getHikariPoolMXBean();
        return watch.state(mx);
    }

    /**
     * Whether {@code e} (or a cause) says the store cannot be used now: the database is down,
     * restarting or refusing connections, a connection broke, or none became free within the
     * connection timeout. The server answers those with HTTP 503.
     */
    public static boolean unavailable(Throwable e) {
        return PoolWatch.unavailable(e);
    }

    /** Closes the pool and every connection in it; later {@link #connect()} calls fail. */
    @Override
    public void close() {
        HikariDataSource ds;
        synchronized (this) {
            closed = true;
            ds = pool;
        }
        if (ds != null) {
            ds.close();
        }
    }

    private static void ownerOnly(Path path, String permissions) throws java.io.IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display;
    }
}
