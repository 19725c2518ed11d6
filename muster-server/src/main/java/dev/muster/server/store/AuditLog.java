package dev.muster.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit log: this class can add and read entries, nothing else, and the
 * database itself refuses updates and deletes of the audit table (triggers in V1).
 */
public final class AuditLog {
    private final Jdbc jdbc;
    private final Clock clock;

    AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Appends an entry stamped now; returns it with its id. */
    public AuditEntry append(String actor, String action, String targets, String result, String detail) {
        var at = clock.instant();
        long id = jdbc.inTransaction("write the audit log", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO audit (at, actor, action, targets, result, detail) "
                    + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", at, actor, action, targets, result, detail);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return new AuditEntry(id, at, actor, action, targets, result, detail);
    }

    /** The newest entries first. */
    public List<AuditEntry> recent(int limit) {
        return before(Long.MAX_VALUE, limit);
    }

    /** The entries older than {@code id}, newest first: the next page after an entry. */
    public List<AuditEntry> before(long id, int limit) {
        return jdbc.inTransaction("read the audit log", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, at, actor, action, targets, result, detail "
                    + "FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?", id, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("actor"),
                            rs.getString("action"), rs.getString("targets"), rs.getString("result"),
                            rs.getString("detail")));
                }
            }
            return out;
        });
    }
}
