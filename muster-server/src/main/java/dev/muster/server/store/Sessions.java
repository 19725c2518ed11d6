package dev.muster.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard login sessions. The cookie carries a 256-bit random id; the store keeps only its
 * SHA-256, so reading the database does not let anyone take over a session. Each session has its
 * own CSRF token, which forms echo back.
 */
public final class Sessions {
    /** How long a login lasts. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    /**
     * A live session.
     *
     * @param user      who logged in
     * @param csrf      the token every form POST of this session must carry
     * @param expiresAt when it stops working
     */
    public record Session(String user, String csrf, Instant expiresAt) {
    }

    /** A new session and, this once, the cookie value that opens it. */
    public record Opened(Session session, String cookie) {
        @Override
        public String toString() {
            return "Opened[" + session.user() + ", cookie=****]";
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    Sessions(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Opened open(String user, Duration lifetime) {
        String cookie = RandomSecrets.text();
        String csrf = RandomSecrets.text();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        jdbc.inTransaction("open a session for " + user, c -> {
            Jdbc.update(c, "DELETE FROM sessions WHERE expires_at <= ?", now);
            return Jdbc.update(c, "INSERT INTO sessions (id_hash, username, csrf, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?)", RandomSecrets.sha256(cookie), user, csrf, now, expires);
        });
        return new Opened(new Session(user, csrf, expires), cookie);
    }

    /** The unexpired session a cookie value opens, if any. */
    public Optional<Session> find(String cookie) {
        if (cookie == null || cookie.isBlank()) {
            return Optional.empty();
        }
        return jdbc.read("check a session", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT username, csrf, expires_at FROM sessions "
                    + "WHERE id_hash = ? AND expires_at > ?", RandomSecrets.sha256(cookie), clock.instant());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Session(rs.getString(1), rs.getString(2),
                        Jdbc.instant(rs, "expires_at"))) : Optional.<Session>empty();
            }
        });
    }

    /** Ends the session a cookie value opens (logout). */
    public void close(String cookie) {
        if (cookie != null) {
            jdbc.inTransaction("close a session", c -> Jdbc.update(c, "DELETE FROM sessions WHERE id_hash = ?",
                    RandomSecrets.sha256(cookie)));
        }
    }
}
