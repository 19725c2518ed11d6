package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.store.ApiTokens;
import dev.muster.server.store.Grants;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tokens (admins, each within the environments where they hold admin), users and grants (admins
 * of every environment, i.e. holding admin in '*') and the audit log.
 */
record AdminRoutes(ServerContext sc) {
    private static final Set<String> EVERYWHERE = Set.of(Grants.ANY_ENVIRONMENT);

    void register(Api api) {
        api.get("/tokens", ctx -> sc.respond(ctx, 200, Map.of("tokens", new Tokens(sc).visible(sc.principal(ctx))
                .stream().map(Views::token).toList())));
        api.post("/tokens", "token.create", this::createToken);
        api.delete("/tokens/{id}", "token.revoke", ctx -> {
            String id = ctx.pathParam("id");
            sc.auditTargets(ctx, "token " + id);
            Principal p = sc.principal(ctx);
            sc.requireAnywhere(p, Role.ADMIN);
            Tokens tokens = new Tokens(sc);
            sc.auditEnvironments(ctx, tokens.live(id).grants().keySet());
            tokens.revoke(p, id);
            ctx.status(204);
        });
        api.post("/users", "user.save", this::saveUser);
        api.get("/grants", ctx -> {
            admin(ctx, "list grants");
            sc.respond(ctx, 200, Map.of("grants", sc.store().grants().all()));
        });
        api.post("/grants", "grant.save", this::grant);
        api.delete("/grants", "grant.revoke", ctx -> {
            String subject = ctx.queryParam("subject");
            String env = ctx.queryParam("environment");
            sc.auditTargets(ctx, subject + " in " + env);
            admin(ctx, "manage grants");
            if (subject == null || env == null || !sc.store().grants().revoke(subject, env)) {
                throw ApiError.notFound("no grant for " + subject + " in " + env);
            }
            ctx.status(204);
        });
        api.get("/audit", this::audit);
    }

    /** How many entries one call reads at most while looking for ones the caller may see. */
    static final int AUDIT_SCAN = 2_000;

    /**
     * The audit log, newest first, as far as the caller may read it: entries about environments
     * they hold viewer in, and entries about no environment in particular (logins, users, grants)
     * only for viewers of every environment. {@code next} is the {@code before} of the next page.
     */
    private void audit(Context ctx) {
        Principal p = sc.principal(ctx);
        sc.requireAnywhere(p, Role.VIEWER);
        long before = Long.MAX_VALUE;
        String text = ctx.queryParam("before");
        if (text != null) {
            try {
                before = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("before must be an audit entry's id (a number), got " + text);
            }
        }
        int limit = RunRoutes.limit(ctx);
        boolean everything = p.may(Role.VIEWER, EVERYWHERE);
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        Long next = null;
        int scanned = 0;
        while (out.size() < limit) {
            var page = sc.store().audit().before(before, everything ? limit : Math.min(4 * limit, AUDIT_SCAN));
            for (var e : page) {
                scanned++;
                before = e.id();
                if (everything || (!e.environments().isEmpty() && p.may(Role.VIEWER, e.environments()))) {
                    out.add(Views.audit(e));
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
            boolean exhausted = page.size() < (everything ? limit : Math.min(4 * limit, AUDIT_SCAN));
            if (out.size() == limit || (!exhausted && scanned >= AUDIT_SCAN)) {
                next = before; // more may follow (or the scan stopped short): go on from here
                break;
            }
            if (exhausted) {
                break;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", out);
        body.put("next", next);
        sc.respond(ctx, 200, body);
    }

    private Principal admin(Context ctx, String what) {
        Principal p = sc.principal(ctx);
        sc.require(p, Role.ADMIN, EVERYWHERE, what);
        return p;
    }

    /**
     * A token acting as {@code owner} (default: its name) holding {@code role} in {@code environments}
     * (or one {@code environment}; default '*'). The caller must hold admin in each of those
     * environments: nobody issues more than they could grant. The owner's own grants stay as they are.
     */
    private void createToken(Context ctx) {
        JsonNode b = sc.body(ctx);
        String name = sc.noSecret("name", RunRoutes.text(b, "name"));
        String owner = sc.noSecret("owner", optionalText(b, "owner", name));
        sc.auditTargets(ctx, "token " + name + " for " + owner);
        Role role = Role.parse(optionalText(b, "role", Role.VIEWER.key()));
        Set<String> envs = environments(b);
        envs.forEach(e -> sc.noSecret("environments", e));
        sc.auditEnvironments(ctx, envs);
        ApiTokens.Issued issued = new Tokens(sc).issue(sc.principal(ctx), name, owner, role, envs);
        Map<String, Object> out = new LinkedHashMap<>(Views.token(issued.token()));
        out.put("token", issued.plain());
        sc.respond(ctx, 201, out);
    }

    /** {@code "environments": [...]} or {@code "environment": "..."}; '*' when neither is given. */
    private static Set<String> environments(JsonNode b) {
        Set<String> out = new TreeSet<>();
        JsonNode list = b.get("environments");
        if (list != null) {
            if (!list.isArray() || list.isEmpty()) {
                throw ApiError.badRequest("expected \"environments\" as a non-empty list of environment names");
            }
            list.forEach(n -> out.add(environmentName(n)));
        } else if (b.has("environment")) {
            out.add(environmentName(b.get("environment")));
        } else {
            out.add(Grants.ANY_ENVIRONMENT);
        }
        return out;
    }

    private static String environmentName(JsonNode n) {
        if (n == null || !n.isTextual()) {
            throw ApiError.badRequest("an environment is '*' or letters, digits, '.', '_' or '-', got " + n);
        }
        return Tokens.environment(n.asText());
    }

    /** A string field, or {@code otherwise} when it is absent; anything but a non-blank string is a 400. */
    static String optionalText(JsonNode b, String field, String otherwise) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiError.badRequest("expected \"" + field + "\" as a non-empty string");
        }
        return n.asText();
    }

    private void saveUser(Context ctx) {
        JsonNode b = sc.body(ctx);
        String name = sc.noSecret("name", RunRoutes.text(b, "name"));
        sc.auditTargets(ctx, "user " + name);
        admin(ctx, "manage users");
        String password = RunRoutes.text(b, "password");
        if (password.length() < 8) {
            throw ApiError.badRequest("a password needs at least 8 characters");
        }
        sc.store().users().setPassword(name, password.toCharArray());
        sc.respond(ctx, 201, Map.of("name", name));
    }

    private void grant(Context ctx) {
        JsonNode b = sc.body(ctx);
        String subject = sc.noSecret("subject", RunRoutes.text(b, "subject"));
        String env = sc.noSecret("environment", RunRoutes.text(b, "environment"));
        sc.auditTargets(ctx, subject + " in " + env);
        admin(ctx, "manage grants");
        Role role = Role.parse(RunRoutes.text(b, "role"));
        sc.store().grants().grant(subject, env, role.key());
        sc.respond(ctx, 201, List.of(new Grants.Grant(subject, env, role.key())));
    }
}
