package dev.muster.server.web;

import dev.muster.core.InputException;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ServerContext;
import dev.muster.server.http.Tokens;
import dev.muster.server.store.Grants;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /users}: users and their roles per environment, for admins of every environment (as the
 * API's users and grants routes): set a user's password (creating the user), grant a role in an
 * environment, revoke one. A password is never shown, logged or put back in the form.
 */
record UserPages(ServerContext sc) {
    private static final Set<String> EVERYWHERE = Set.of(Grants.ANY_ENVIRONMENT);
    static final int MIN_PASSWORD = 8;

    void register(RoutesConfig r) {
        r.get("/users", ctx -> Dashboard.login(sc, ctx).ifPresent(p -> {
            admin(p);
            render(ctx, p, 200, null);
        }));
        r.post("/users", this::savePassword);
        r.post("/users/grant", this::grant);
        r.post("/users/revoke", this::revoke);
    }

    private void admin(Principal p) {
        sc.require(p, Role.ADMIN, EVERYWHERE, "manage users");
    }

    private void render(Context ctx, Principal p, int status, String alert) {
        Map<String, List<Grants.Grant>> bySubject = new TreeMap<>();
        sc.store().users().names().forEach(n -> bySubject.put(n, new java.util.ArrayList<>()));
        for (Grants.Grant g : sc.store().grants().all()) {
            bySubject.computeIfAbsent(g.subject(), k -> new java.util.ArrayList<>()).add(g);
        }
        StringBuilder sb = new StringBuilder(8192).append("<h1>Users and roles</h1>");
        if (alert != null) {
            sb.append("<p class=alert role=alert>").append(Html.esc(alert)).append("</p>");
        }
        sb.append("<div class=scroll><table id=users><caption>Users and other subjects holding roles</caption><thead>"
                + "<tr><th scope=col>name</th><th scope=col>roles (environment=role)</th></tr></thead><tbody>");
        bySubject.forEach((name, grants) -> {
            sb.append("<tr data-user=\"").append(Html.esc(name)).append("\"><td>").append(Html.esc(name)).append("</td><td>");
            for (Grants.Grant g : grants) {
                sb.append("<form method=post class=inline action=\"/users/revoke\" data-confirm=\"Revoke ")
                        .append(Html.esc(g.role())).append(" in ").append(Html.esc(g.environment())).append(" from ")
                        .append(Html.esc(name)).append("?\">").append(Html.csrf(p))
                        .append("<input type=hidden name=subject value=\"").append(Html.esc(name))
                        .append("\"><input type=hidden name=environment value=\"").append(Html.esc(g.environment()))
                        .append("\"><span class=grant>").append(Html.esc(g.environment())).append('=')
                        .append(Html.esc(g.role())).append("</span> <button aria-label=\"Revoke ").append(Html.esc(g.role()))
                        .append(" in ").append(Html.esc(g.environment())).append(" from ").append(Html.esc(name))
                        .append("\">Revoke</button></form> ");
            }
            if (grants.isEmpty()) {
                sb.append("<span class=empty>no role</span>");
            }
            sb.append("</td></tr>");
        });
        if (bySubject.isEmpty()) {
            sb.append("<tr><td colspan=2 class=empty>No users.</td></tr>");
        }
        sb.append("</tbody></table></div><h2>Set a password (creates the user)</h2><form method=post action=\"/users\" "
                + "id=user-form>").append(Html.csrf(p)).append("<label>Name <input name=name required maxlength=100>"
                + "</label> <label>Password <input type=password name=password required minlength=").append(MIN_PASSWORD)
                .append(" autocomplete=new-password></label> <button>Save</button></form><h2>Grant a role</h2>"
                        + "<form method=post action=\"/users/grant\" id=grant-form>").append(Html.csrf(p))
                .append("<label>User or token owner <input name=subject required maxlength=100></label> <label>"
                        + "Environment <input name=environment required maxlength=100 placeholder=\"prod or *\"></label> "
                        + "<label>Role <select name=role>");
        for (Role r : Role.values()) {
            sb.append("<option>").append(r.key()).append("</option>");
        }
        sb.append("</select></label> <button>Grant</button></form>").append(TokenPages.CONFIRM);
        Html.send(ctx, status, "Users", p, sb);
    }

    private void savePassword(Context ctx) {
        String name = blank(ctx.formParam("name"));
        act(ctx, "user.save", "user " + name, p -> {
            if (name == null) {
                throw ApiError.badRequest("name the user");
            }
            sc.noSecret("name", name);
            String password = ctx.formParam("password");
            if (password == null || password.length() < MIN_PASSWORD) {
                throw ApiError.badRequest("a password needs at least " + MIN_PASSWORD + " characters");
            }
            sc.store().users().setPassword(name, password.toCharArray());
        });
    }

    private void grant(Context ctx) {
        String subject = blank(ctx.formParam("subject"));
        String env = blank(ctx.formParam("environment"));
        act(ctx, "grant.save", subject + " in " + env, p -> {
            if (subject == null) {
                throw ApiError.badRequest("name the user");
            }
            sc.noSecret("subject", subject);
            Tokens.environment(env);
            sc.store().grants().grant(subject, env, Role.parse(ctx.formParam("role")).key());
        });
    }

    private void revoke(Context ctx) {
        String subject = blank(ctx.formParam("subject"));
        String env = blank(ctx.formParam("environment"));
        act(ctx, "grant.revoke", subject + " in " + env, p -> {
            if (subject == null || env == null || !sc.store().grants().revoke(subject, env)) {
                throw ApiError.notFound("no grant for " + subject + " in " + env);
            }
        });
    }

    /** Checks admin everywhere, does it, audits it (refusals too) and goes back to the page (303, or the page with the reason). */
    private void act(Context ctx, String action, String target, java.util.function.Consumer<Principal> work) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        try {
            admin(p);
            work.accept(p);
            sc.audit(p, action, target, "ok", null, null);
        } catch (ApiError | InputException e) {
            int status = e instanceof ApiError a ? a.status() : 400;
            sc.audit(p, action, target, status == 403 ? "denied" : "rejected", e.getMessage(), null);
            if (status == 403) {
                throw e;
            }
            render(ctx, p, status, e.getMessage());
            return;
        }
        ctx.redirect("/users", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
