package dev.muster.server.store;

import java.time.Instant;

/**
 * An API token as stored: everything but its secret, which is kept only as a salted hash.
 *
 * @param id        the public part, also inside the token text
 * @param name      what it is for, e.g. "ci deploys"
 * @param owner     the user (or service) it acts as
 * @param createdAt when it was issued
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record ApiToken(String id, String name, String owner, Instant createdAt, Instant expiresAt,
                       Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
