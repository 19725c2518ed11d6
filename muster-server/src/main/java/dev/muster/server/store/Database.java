package dev.muster.server.store;

import dev.muster.core.RunException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Where the store lives and how to open a connection to it: SQLite in a data directory (WAL,
 * busy timeout, foreign keys on) by default, PostgreSQL when given a {@code postgresql://} URL.
 * A new connection per unit of work; pooling can come with the HTTP layer if it measures a need.
 */
public final class Database {
    /** How long a SQLite writer waits for another one before failing with SQLITE_BUSY. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private final Dialect dialect;
    private final String jdbcUrl;
    private final Properties properties;
    private final String display;

    private Database(Dialect dialect, String jdbcUrl, Properties properties, String display) {
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.display = display;
    }

    /** SQLite in {@code dataDir/muster.db}, the directory created if missing. */
    public static Database sqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new RunException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve("muster.db");
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        p.setProperty("foreign_keys", "true");
        p.setProperty("synchronous", "NORMAL");
        // Take the write lock at BEGIN, so two writers queue on the busy timeout instead of
        // deadlocking when both try to upgrade a read transaction.
        p.setProperty("transaction_mode", "IMMEDIATE");
        return new Database(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), p, file.toString());
    }

    /**
     * PostgreSQL from {@code postgresql://user:password@host:port/database?options} (also
     * {@code postgres://} and {@code jdbc:postgresql://}). The password never appears in
     * {@link #toString()}.
     */
    public static Database postgresql(String url) {
        String rest = url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://");
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new dev.muster.core.InputException("store URL", 0, 0,
                    "expected postgresql://user:password@host:port/database, got an unparsable URL: "
                            + e.getMessage());
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new dev.muster.core.InputException("store URL", 0, 0,
                    "expected postgresql://user:password@host:port/database");
        }
        Properties p = new Properties();
        if (uri.getRawUserInfo() != null) {
            String[] userPass = uri.getRawUserInfo().split(":", 2);
            p.setProperty("user", decode(userPass[0]));
            if (userPass.length == 2) {
                p.setProperty("password", decode(userPass[1]));
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + hostPort + path + query;
        return new Database(Dialect.POSTGRESQL, jdbc, p, "postgresql://" + hostPort + path);
    }

    /** PostgreSQL for URLs that say so, SQLite in {@code dataDir} otherwise (null or blank). */
    public static Database of(String storeUrl, Path dataDir) {
        if (storeUrl == null || storeUrl.isBlank()) {
            return sqlite(dataDir);
        }
        if (storeUrl.matches("^(jdbc:)?postgres(ql)?://.*")) {
            return postgresql(storeUrl);
        }
        throw new dev.muster.core.InputException("store URL", 0, 0,
                "expected a postgresql://... URL, or none for SQLite in the data directory, got " + storeUrl);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A new connection, auto-commit on; the caller closes it. */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        if (dialect == Dialect.SQLITE) {
            // sqlite-jdbc applies only some pragmas from properties on every driver version.
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + SQLITE_BUSY_TIMEOUT_MS);
                s.execute("PRAGMA foreign_keys = ON");
            }
        }
        return c;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display;
    }
}
