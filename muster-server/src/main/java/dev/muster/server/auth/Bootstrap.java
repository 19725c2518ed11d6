package dev.muster.server.auth;

import dev.muster.server.store.Grants;
import dev.muster.server.store.Store;
import java.util.Optional;

/**
 * The first start of a server: with no user and no token in the store nobody could log in, so an
 * admin is made. With a password given (MUSTER_ADMIN_PASSWORD) it is user "admin" with that
 * password; without one it is a token for "admin", whose plain text the caller prints once.
 */
public final class Bootstrap {
    public static final String ADMIN = "admin";

    private Bootstrap() {
    }

    /**
     * Makes the first admin when the store has no users and no tokens.
     *
     * @param password the admin's password, or null to issue a token instead
     * @return the plain token issued (show it once), or empty when none was
     */
    public static Optional<String> firstAdmin(Store store, char[] password) {
        if (!store.users().names().isEmpty() || !store.tokens().list().isEmpty()) {
            return Optional.empty();
        }
        store.grants().grant(ADMIN, Grants.ANY_ENVIRONMENT, Role.ADMIN.key());
        if (password != null && password.length > 0) {
            store.users().setPassword(ADMIN, password);
            store.audit().append("muster serve", "user.bootstrap", ADMIN, "ok", "first admin from MUSTER_ADMIN_PASSWORD");
            return Optional.empty();
        }
        String plain = store.tokens().issue("bootstrap", ADMIN, null,
                java.util.Map.of(Grants.ANY_ENVIRONMENT, Role.ADMIN.key())).plain();
        store.audit().append("muster serve", "token.bootstrap", ADMIN, "ok", "first admin token");
        return Optional.of(plain);
    }
}
