package dev.muster.server.store;

import dev.muster.core.RunException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Runs units of work on a {@link Database}, each in its own transaction, and binds parameters.
 * Public for the server's other stores (inspections, metrics), which keep their SQL in their own packages.
 */
public final class Jdbc {
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database db;

    public Jdbc(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new RunException("cannot " + what + " in the store " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs read-only {@code work}. On PostgreSQL it runs without a transaction of its own
     * (autocommit): under READ COMMITTED, PostgreSQL's default, each statement takes its own snapshot
     * even inside a transaction, so a BEGIN and a COMMIT would add nothing but the COMMIT's round
     * trip to the server, which under load costs a wake-up of the backend each. SQLite keeps one
     * transaction (one snapshot for every statement, and no round trips to save). {@code work}
     * must not write, nor use cursors (a fetch size needs a transaction on PostgreSQL).
     */
    public <T> T read(String what, Work<T> work) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return inTransaction(what, work);
        }
        try (Connection c = db.connect()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new RunException("cannot " + what + " in the store " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rolls back after {@code failure}; a rollback that fails too (the connection broke, so the
     * database has already rolled back) is kept with the failure instead of replacing it.
     */
    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Binds parameters in order; nulls get a type the drivers accept, Instants become epoch millis. */
    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL); // untyped: PostgreSQL infers it from the column
            } else if (p instanceof java.time.Instant t) {
                ps.setLong(i + 1, t.toEpochMilli());
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else {
                ps.setString(i + 1, p.toString());
            }
        }
        return ps;
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row as a long, or {@code otherwise} when no row or null. */
    public static long queryLong(Connection c, long otherwise, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return otherwise;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? otherwise : v;
        }
    }

    public static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : java.time.Instant.ofEpochMilli(v);
    }

    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
