package dev.muster.server.store;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An API token as stored: everything but its secret, which is kept only as a salted hash.
 *
 * @param id        the public part, also inside the token text
 * @param name      what it is for, e.g. "ci deploys"
 * @param owner     the user (or service) it acts as, for the audit log
 * @param createdAt when it was issued
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 * @param grants    the token's own role per environment ({@link Grants#ANY_ENVIRONMENT} for all), fixed at issue
 */
public record ApiToken(String id, String name, String owner, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, Map<String, String> grants) {

    public ApiToken {
        grants = java.util.Collections.unmodifiableMap(new TreeMap<>(grants == null ? Map.of() : grants));
    }

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
