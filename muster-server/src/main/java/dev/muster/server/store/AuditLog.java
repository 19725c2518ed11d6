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
    private volatile dev.muster.core.Redactor redactor = dev.muster.core.Redactor.none();

    AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Masks these secret values in every entry appended from now on. */
    void maskWith(dev.muster.core.Redactor redactor) {
        this.redactor = redactor;
    }

    /** Appends an entry stamped now (secret values masked); returns it with its id. */
    public AuditEntry append(String actor, String action, String targets, String result, String detail) {
        return append(actor, action, targets, result, detail, null);
    }

    /**
     * Appends an entry stamped now (secret values masked), naming the environments it concerns
     * (null or empty: none in particular), which decide who may read it; returns it with its id.
     */
    public AuditEntry append(String actor, String action, String targets, String result, String detail,
                             java.util.Collection<String> environments) {
        dev.muster.core.Redactor r = redactor;
        String who = clean(r.redact(actor));
        String what = clean(SecretRefs.masked(r.redact(targets)));
        String how = clean(r.redact(result));
        String more = clean(SecretRefs.masked(r.redact(detail)));
        java.util.Set<String> envs = environments == null ? java.util.Set.of() : new java.util.TreeSet<>(environments);
        String envText = envs.isEmpty() ? null : String.join(",", envs);
        var at = clock.instant();
        long id = jdbc.inTransaction("write the audit log", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO audit (at, actor, action, targets, result, detail, "
                    + "environments) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", at, who, action, what, how, more,
                    envText); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        return new AuditEntry(id, at, who, action, what, how, more, envs);
    }

    /** What a caller typed may hold NUL, which PostgreSQL cannot store in text: it is shown escaped. */
    private static String clean(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "\\0");
    }

    /** The newest entries first. */
    public List<AuditEntry> recent(int limit) {
        return before(Long.MAX_VALUE, limit);
    }

    /** The entries older than {@code id}, newest first: the next page after an entry. */
    public List<AuditEntry> before(long id, int limit) {
        return jdbc.read("read the audit log", c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, at, actor, action, targets, result, detail, "
                    + "environments FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?", id, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String envs = rs.getString("environments");
                    out.add(new AuditEntry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("actor"),
                            rs.getString("action"), rs.getString("targets"), rs.getString("result"),
                            rs.getString("detail"), envs == null ? java.util.Set.of()
                            : java.util.Set.of(envs.split(","))));
                }
            }
            return out;
        });
    }
}
