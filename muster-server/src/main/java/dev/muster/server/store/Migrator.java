package dev.muster.server.store;

import dev.muster.core.RunException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the schema up to date at start, in one transaction: every pending script, or none.
 * Refuses a database whose schema is newer than this code, and one where an applied script was
 * edited since. Concurrent starts against one PostgreSQL queue on an advisory lock; on SQLite
 * the immediate transaction does the same.
 */
final class Migrator {
    /** Arbitrary, fixed: the advisory lock key muster's migrations hold on PostgreSQL. */
    private static final long PG_LOCK_KEY = 0x6d75737465720001L;

    private final Jdbc jdbc;
    private final List<Migration> migrations;
    private final Clock clock;

    Migrator(Jdbc jdbc, List<Migration> migrations, Clock clock) {
        this.jdbc = jdbc;
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
    }

    /** Applies what is pending and returns how many scripts ran (0 when already current). */
    int migrate() {
        return jdbc.inTransaction("migrate the schema", c -> {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "name VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            Map<Integer, String> applied = applied(c);
            check(applied);
            int ran = 0;
            for (Migration m : migrations) {
                if (!applied.containsKey(m.version())) {
                    apply(c, m);
                    ran++;
                }
            }
            return ran;
        });
    }

    /** The highest applied version, 0 for an empty database. */
    int currentVersion() {
        return jdbc.inTransaction("read the schema version", c -> (int) Jdbc.queryLong(c, 0,
                "SELECT MAX(version) FROM schema_version"));
    }

    private void lock(Connection c) throws SQLException {
        if (jdbc.database().dialect() == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT pg_advisory_xact_lock(?)", PG_LOCK_KEY)) {
                ps.execute();
            }
        }
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private void check(Map<Integer, String> applied) {
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int known = migrations.stream().mapToInt(Migration::version).max().orElse(0);
        if (newest > known) {
            throw new RunException("the store " + jdbc.database() + " has schema version " + newest
                    + " but this muster knows versions up to " + known
                    + ": it was written by a newer muster; upgrade muster (nothing was changed)");
        }
        for (Migration m : migrations) {
            String sum = applied.get(m.version());
            if (sum != null && !sum.equals(m.checksum())) {
                throw new RunException("the store " + jdbc.database() + " applied schema version " + m.version()
                        + " (" + m.name() + ") from a different script than this muster's: refusing to start");
            }
        }
    }

    private void apply(Connection c, Migration m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : SqlScript.split(m.sql())) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    throw new SQLException("V" + m.version() + "__" + m.name() + ".sql failed at: "
                            + firstLine(statement) + ": " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }
        Jdbc.update(c, "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                m.version(), m.name(), m.checksum(), clock.instant());
    }

    private static String firstLine(String statement) {
        int nl = statement.indexOf('\n');
        return nl < 0 ? statement : statement.substring(0, nl) + " ...";
    }
}
