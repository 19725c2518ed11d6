package dev.muster.server.auth;

import dev.muster.server.store.Grants;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling, and their roles per environment ({@link Grants#ANY_ENVIRONMENT} covers every
 * one). A run touches the environments of the hosts its selector matches; a call is allowed
 * only when the role holds in every one of them.
 *
 * @param name  the user, or the token's owner
 * @param via   "token" or "session"
 * @param roles role per environment
 * @param csrf  the session's CSRF token, or null for a bearer token (no cookies, no CSRF)
 */
public record Principal(String name, String via, Map<String, Role> roles, String csrf) {

    public Principal {
        roles = Map.copyOf(roles);
    }

    /** The role held in {@code environment}: the higher of its own grant and the grant for all. */
    public Optional<Role> roleIn(String environment) {
        Role own = roles.get(environment);
        Role any = roles.get(Grants.ANY_ENVIRONMENT);
        if (own == null) {
            return Optional.ofNullable(any);
        }
        return Optional.of(any != null && any.includes(own) ? any : own);
    }

    /** True when {@code needed} holds in every one of {@code environments} (and there is at least one). */
    public boolean may(Role needed, Collection<String> environments) {
        return !environments.isEmpty()
                && environments.stream().allMatch(e -> roleIn(e).map(r -> r.includes(needed)).orElse(false));
    }

    /** True when {@code needed} holds somewhere: enough to list what one may see. */
    public boolean holdsAnywhere(Role needed) {
        return roles.values().stream().anyMatch(r -> r.includes(needed));
    }
}
