package dev.muster.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds which role in which environment. The store keeps roles as text ("viewer",
 * "operator", "admin"); {@code dev.muster.server.auth} gives them meaning.
 */
public final class Grants {
    /** The environment that stands for all of them. */
    public static final String ANY_ENVIRONMENT = "*";

    /**
     * One grant.
     *
     * @param subject     a user's name, or the owner a token acts as
     * @param environment an environment name, or {@link #ANY_ENVIRONMENT}
     * @param role        the role's key
     */
    public record Grant(String subject, String environment, String role) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    Grants(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Gives {@code subject} {@code role} in {@code environment}, replacing the role it had there. */
    public void grant(String subject, String environment, String role) {
        jdbc.inTransaction("grant " + role + " to " + subject, c -> Jdbc.update(c, "INSERT INTO grants (subject, "
                + "environment, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject, environment) "
                + "DO UPDATE SET role = excluded.role", subject, environment, role, clock.instant()));
    }

    /** Takes away what {@code subject} held in {@code environment}; false when it held nothing there. */
    public boolean revoke(String subject, String environment) {
        return jdbc.inTransaction("revoke a grant of " + subject, c -> Jdbc.update(c,
                "DELETE FROM grants WHERE subject = ? AND environment = ?", subject, environment) == 1);
    }

    public List<Grant> of(String subject) {
        return select("WHERE subject = ?", subject);
    }

    public List<Grant> all() {
        return select("");
    }

    private List<Grant> select(String where, Object... params) {
        return jdbc.read("read grants", c -> {
            List<Grant> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT subject, environment, role FROM grants " + where
                    + " ORDER BY subject, environment", params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        });
    }
}
