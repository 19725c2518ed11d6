package dev.muster.server.store;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and checks API tokens. A token reads {@code mst_<id>_<secret>}: the id finds the row,
 * the 256-bit random secret is checked against SHA-256(salt ‖ secret) with a per-token salt.
 * The plain token is returned once, at issue, and never stored. A fast hash is enough here
 * because the secret is random, not a password (users' passwords use a KDF, see {@link Users}).
 */
public final class ApiTokens {
    private static final Pattern TOKEN = Pattern.compile("mst_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final HexFormat HEX = HexFormat.of();

    private final Jdbc jdbc;
    private final Clock clock;

    ApiTokens(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new token and, this once, its plain text (show it to the user, then forget it). */
    public record Issued(ApiToken token, String plain) {
        @Override
        public String toString() {
            return "Issued[" + token + ", plain=****]";
        }
    }

    /**
     * Issues a token acting as {@code owner} with its own {@code grants} (role key per environment).
     * The owner's grants are not touched: the token holds exactly these roles, whatever the owner holds.
     */
    public Issued issue(String name, String owner, Instant expiresAt, Map<String, String> grants) {
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("a token needs a role in at least one environment");
        }
        String id = HEX.formatHex(RandomSecrets.bytes(8));
        String secret = RandomSecrets.text();
        byte[] salt = RandomSecrets.bytes(16);
        String hash = RandomSecrets.sha256(salt, secret);
        Instant now = clock.instant();
        jdbc.inTransaction("issue a token", c -> {
            Jdbc.update(c, "INSERT INTO api_tokens (id, name, owner, salt, hash, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, name, owner, HEX.formatHex(salt), hash, now, expiresAt);
            for (Map.Entry<String, String> g : grants.entrySet()) {
                Jdbc.update(c, "INSERT INTO token_grants (token_id, environment, role) VALUES (?, ?, ?)", id,
                        g.getKey(), g.getValue());
            }
            return null;
        });
        return new Issued(new ApiToken(id, name, owner, now, expiresAt, null, grants), "mst_" + id + "_" + secret);
    }

    /** The token's record when {@code plain} is a valid, unexpired, unrevoked token; empty otherwise. */
    public Optional<ApiToken> verify(String plain) {
        Matcher m = TOKEN.matcher(plain == null ? "" : plain.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        // the token and its grants in one statement: this runs for every API call
        return jdbc.read("check a token", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT t.id, t.name, t.owner, t.salt, t.hash, t.created_at, "
                    + "t.expires_at, t.revoked_at, g.environment, g.role FROM api_tokens t "
                    + "LEFT JOIN token_grants g ON g.token_id = t.id WHERE t.id = ?", m.group(1));
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<ApiToken>empty();
                }
                String id = rs.getString("id");
                byte[] expected = HEX.parseHex(rs.getString("hash"));
                byte[] actual = HEX.parseHex(RandomSecrets.sha256(HEX.parseHex(rs.getString("salt")), m.group(2)));
                String name = rs.getString("name");
                String owner = rs.getString("owner");
                Instant created = Jdbc.instant(rs, "created_at");
                Instant expires = Jdbc.instant(rs, "expires_at");
                Instant revoked = Jdbc.instant(rs, "revoked_at");
                Map<String, String> roles = new HashMap<>();
                do {
                    if (rs.getString("environment") != null) {
                        roles.put(rs.getString("environment"), rs.getString("role"));
                    }
                } while (rs.next());
                ApiToken token = new ApiToken(id, name, owner, created, expires, revoked, roles);
                boolean ok = MessageDigest.isEqual(expected, actual) && token.usableAt(clock.instant());
                return ok ? Optional.of(token) : Optional.<ApiToken>empty();
            }
        });
    }

    /** Revokes a token; false when there is no such token or it was already revoked. */
    public boolean revoke(String id) {
        return jdbc.inTransaction("revoke a token", c -> Jdbc.update(c,
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", clock.instant(), id) == 1);
    }

    public List<ApiToken> list() {
        return jdbc.inTransaction("list tokens", c -> {
            List<ApiToken> out = new ArrayList<>();
            Map<String, Map<String, String>> grants = grants(c, "");
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, name, owner, created_at, expires_at, revoked_at "
                    + "FROM api_tokens ORDER BY created_at, id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(token(rs, grants));
                }
            }
            return out;
        });
    }

    private static ApiToken token(ResultSet rs, Map<String, Map<String, String>> grants) throws SQLException {
        String id = rs.getString("id");
        return new ApiToken(id, rs.getString("name"), rs.getString("owner"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "expires_at"), Jdbc.instant(rs, "revoked_at"), grants.getOrDefault(id, Map.of()));
    }

    /** Role per environment of each token the condition picks. */
    private static Map<String, Map<String, String>> grants(Connection c, String where, Object... params)
            throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT token_id, environment, role FROM token_grants " + where,
                params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }
}
