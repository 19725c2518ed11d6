package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.store.ApiToken;
import dev.muster.server.store.ApiTokens;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Issuing, listing and revoking API tokens: one code path for the API and the dashboard. An admin
 * sees and revokes the tokens whose every environment they administer, and issues a token only
 * with a role in environments they administer (nobody hands out more than they could grant). The
 * secret is returned once, by {@link #issue}, and kept only as a hash.
 */
public final class Tokens {
    private final ServerContext sc;

    public Tokens(ServerContext sc) {
        this.sc = sc;
    }

    /** The tokens {@code p} administers, newest first as the store lists them. */
    public List<ApiToken> visible(Principal p) {
        sc.requireAnywhere(p, Role.ADMIN);
        return sc.store().tokens().list().stream().filter(t -> p.may(Role.ADMIN, t.grants().keySet())).toList();
    }

    /** Issues a token; 400 for a bad name or environment, 403 without admin in each environment. */
    public ApiTokens.Issued issue(Principal p, String name, String owner, Role role, Set<String> environments) {
        sc.noSecret("name", name);
        sc.noSecret("owner", owner);
        environments.forEach(e -> sc.noSecret("environments", environment(e)));
        sc.require(p, Role.ADMIN, environments, "issue tokens with a role in " + String.join(", ", environments));
        Map<String, String> grants = new TreeMap<>();
        environments.forEach(e -> grants.put(e, role.key()));
        return sc.store().tokens().issue(name, owner, null, grants);
    }

    /** Revokes a live token; 404 when there is none, 403 without admin in each of its environments. */
    public ApiToken revoke(Principal p, String id) {
        sc.requireAnywhere(p, Role.ADMIN);
        ApiToken token = live(id);
        sc.require(p, Role.ADMIN, token.grants().keySet(), "revoke this token");
        if (!sc.store().tokens().revoke(id)) {
            throw ApiError.notFound("no live token " + id);
        }
        return token;
    }

    /** A live (unrevoked) token by id, or 404. */
    public ApiToken live(String id) {
        return sc.store().tokens().list().stream().filter(t -> t.id().equals(id) && t.revokedAt() == null)
                .findFirst().orElseThrow(() -> ApiError.notFound("no live token " + id));
    }

    /** '*' or a name of letters, digits, '.', '_' or '-' (at most 100); anything else is a 400. */
    public static String environment(String name) {
        if (name == null || !name.matches("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw ApiError.badRequest("an environment is '*' or letters, digits, '.', '_' or '-', got " + name);
        }
        return name;
    }
}
