package dev.muster.server.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Dashboard users and their passwords, kept as PBKDF2-HMAC-SHA256 hashes
 * ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, so the cost can rise later without
 * invalidating old hashes). Roles per environment are for the API layer to add.
 */
public final class Users {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final byte[] DUMMY_SALT = new byte[16];

    private final Jdbc jdbc;
    private final Clock clock;
    private final int iterations;
    private final java.util.concurrent.atomic.LongAdder derivations = new java.util.concurrent.atomic.LongAdder();

    Users(Jdbc jdbc, Clock clock, int iterations) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.iterations = iterations;
    }

    /** Creates a user, or sets a new password for an existing one (and enables it again). */
    public void setPassword(String name, char[] password) {
        String hash = hash(password, salt(), iterations);
        jdbc.inTransaction("save user " + name, c -> Jdbc.update(c, "INSERT INTO users (name, password_hash, "
                        + "created_at, disabled) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                        + "password_hash = excluded.password_hash, disabled = excluded.disabled",
                name, hash, clock.instant(), false));
    }

    /**
     * True when the user exists, is enabled, and the password is theirs. An unknown or disabled user
     * costs the same key derivation as a real one, so the time taken does not tell which names exist.
     */
    public boolean verify(String name, char[] password) {
        Optional<String> stored = jdbc.inTransaction("check user " + name, c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT password_hash FROM users WHERE name = ? "
                    + "AND disabled = ?", name, false); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
        if (stored.isEmpty()) {
            derive(password, DUMMY_SALT, iterations); // as long as checking a real user's password
            return false;
        }
        String[] parts = stored.get().split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        String actual = derive(password, salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(actual.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                stored.get().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Disables a user (kept for the audit log's sake); false when there is none. */
    public boolean disable(String name) {
        return jdbc.inTransaction("disable user " + name, c -> Jdbc.update(c,
                "UPDATE users SET disabled = ? WHERE name = ?", true, name) == 1);
    }

    /** Every user's name, enabled or not, sorted. */
    public java.util.List<String> names() {
        return jdbc.inTransaction("list users", c -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT name FROM users ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Key derivations done by {@link #verify}: the same count for unknown and real users. */
    public long derivations() {
        return derivations.sum();
    }

    private String derive(char[] password, byte[] salt, int rounds) {
        derivations.increment();
        return hash(password, salt, rounds);
    }

    private byte[] salt() {
        return RandomSecrets.bytes(16);
    }

    static String hash(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return "pbkdf2-sha256$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
