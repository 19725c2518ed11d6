package dev.muster.server.auth;

import dev.muster.server.store.Grants;
import dev.muster.server.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a bearer token or a session cookie into a {@link Principal}: a token acts with its own
 * roles (fixed when it was issued), a session with its user's grants.
 */
public final class Authenticator {
    /** The dashboard's session cookie. */
    public static final String SESSION_COOKIE = "muster_session";

    private final Store store;

    public Authenticator(Store store) {
        this.store = store;
    }

    /** The caller of an {@code Authorization} header value ("Bearer mst_..."), if it is valid. */
    public Optional<Principal> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return store.tokens().verify(authorization.substring(7))
                .map(t -> new Principal(t.owner(), "token", roles(t.grants()), null));
    }

    /** The caller of a session cookie value, if the session is live. */
    public Optional<Principal> session(String cookie) {
        return store.sessions().find(cookie)
                .map(s -> new Principal(s.user(), "session", roles(s.user()), s.csrf()));
    }

    private static Map<String, Role> roles(Map<String, String> grants) {
        Map<String, Role> roles = new HashMap<>();
        grants.forEach((env, role) -> roles.put(env, Role.parse(role)));
        return roles;
    }

    private Map<String, Role> roles(String subject) {
        Map<String, Role> roles = new HashMap<>();
        for (Grants.Grant g : store.grants().of(subject)) {
            roles.put(g.environment(), Role.parse(g.role()));
        }
        return roles;
    }
}
