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

/** Tokens, users, grants (admins of every environment, i.e. holding admin in '*') and the audit log. */
final class AdminRoutes {
    private static final Set<String> EVERYWHERE = Set.of(Grants.ANY_ENVIRONMENT);

    private final ServerContext sc;

    AdminRoutes(ServerContext sc) {
        this.sc = sc;
    }

    void register(Api api) {
        api.get("/tokens", ctx -> {
            admin(ctx, "list tokens");
            sc.respond(ctx, 200, Map.of("tokens", sc.store().tokens().list().stream().map(Views::token).toList()));
        });
        api.post("/tokens", "token.create", this::createToken);
        api.delete("/tokens/{id}", "token.revoke", ctx -> {
            sc.auditTargets(ctx, "token " + ctx.pathParam("id"));
            admin(ctx, "revoke tokens");
            if (!sc.store().tokens().revoke(ctx.pathParam("id"))) {
                throw ApiError.notFound("no live token " + ctx.pathParam("id"));
            }
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
        api.get("/audit", ctx -> {
            sc.requireAnywhere(sc.principal(ctx), Role.VIEWER);
            String before = ctx.queryParam("before");
            int limit = RunRoutes.limit(ctx);
            var entries = before == null ? sc.store().audit().recent(limit)
                    : sc.store().audit().before(Long.parseLong(before), limit);
            sc.respond(ctx, 200, Map.of("entries", entries.stream().map(Views::audit).toList()));
        });
    }

    private Principal admin(Context ctx, String what) {
        Principal p = sc.principal(ctx);
        sc.require(p, Role.ADMIN, EVERYWHERE, what);
        return p;
    }

    /** A token for {@code owner} (default: its name), granted {@code role} in {@code environment}. */
    private void createToken(Context ctx) {
        JsonNode b = sc.body(ctx);
        String name = RunRoutes.text(b, "name");
        String owner = b.path("owner").asText(name);
        sc.auditTargets(ctx, "token " + name + " for " + owner);
        admin(ctx, "create tokens");
        Role role = Role.parse(b.path("role").asText("viewer"));
        String env = b.path("environment").asText(Grants.ANY_ENVIRONMENT);
        ApiTokens.Issued issued = sc.store().tokens().issue(name, owner, null);
        sc.store().grants().grant(owner, env, role.key());
        Map<String, Object> out = new LinkedHashMap<>(Views.token(issued.token()));
        out.put("token", issued.plain());
        sc.respond(ctx, 201, out);
    }

    private void saveUser(Context ctx) {
        JsonNode b = sc.body(ctx);
        String name = RunRoutes.text(b, "name");
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
        String subject = RunRoutes.text(b, "subject");
        String env = RunRoutes.text(b, "environment");
        sc.auditTargets(ctx, subject + " in " + env);
        admin(ctx, "manage grants");
        Role role = Role.parse(RunRoutes.text(b, "role"));
        sc.store().grants().grant(subject, env, role.key());
        sc.respond(ctx, 201, List.of(new Grants.Grant(subject, env, role.key())));
    }
}
