package dev.muster.server.web;

import dev.muster.core.InputException;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ServerContext;
import dev.muster.server.http.Tokens;
import dev.muster.server.store.ApiToken;
import dev.muster.server.store.ApiTokens;
import dev.muster.server.store.Grants;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /tokens}: an admin's API tokens (those whose every environment they administer), a form
 * that issues one (through the API's {@link Tokens}: a role only in environments the admin holds
 * admin in), and Revoke. A new token's secret is on the answer to the form only, once, not cached;
 * the store keeps a hash, and the audit entry names the token, never its secret.
 */
record TokenPages(ServerContext sc) {
    void register(RoutesConfig r) {
        r.get("/tokens", ctx -> Dashboard.login(sc, ctx).ifPresent(p -> render(ctx, p, 200, null, null)));
        r.post("/tokens", this::issue);
        r.post("/tokens/{id}/revoke", this::revoke);
    }

    private void render(Context ctx, Principal p, int status, String alert, ApiTokens.Issued issued) {
        var tokens = new Tokens(sc).visible(p);
        StringBuilder sb = new StringBuilder(8192).append("<h1>API tokens</h1>");
        if (alert != null) {
            sb.append("<p class=alert role=alert>").append(Html.esc(alert)).append("</p>");
        }
        if (issued != null) {
            ctx.header("Cache-Control", "no-store");
            sb.append("<div class=alert id=new-token role=status><p>Token <b>").append(Html.esc(issued.token().name()))
                    .append("</b> issued. Copy its secret now: it is shown this once and never again.</p><p><code id=secret>")
                    .append(Html.esc(issued.plain())).append("</code></p></div>");
        }
        sb.append("<div class=scroll><table id=tokens><caption>Tokens you administer</caption><thead><tr>"
                + "<th scope=col>id</th><th scope=col>name</th><th scope=col>acts as</th><th scope=col>roles</th>"
                + "<th scope=col>created</th><th scope=col>state</th><th scope=col><span class=sr>action</span></th>"
                + "</tr></thead><tbody>");
        for (ApiToken t : tokens) {
            boolean live = t.usableAt(sc.clock().instant());
            sb.append("<tr data-token=\"").append(Html.esc(t.id())).append("\"><td><code>").append(Html.esc(t.id()))
                    .append("</code></td><td>").append(Html.esc(t.name())).append("</td><td>").append(Html.esc(t.owner()))
                    .append("</td><td>");
            t.grants().forEach((env, role) -> sb.append(Html.esc(env)).append('=').append(Html.esc(role)).append(' '));
            sb.append("</td><td>").append(Html.esc(t.createdAt())).append("</td><td class=")
                    .append(live ? "ok>live" : t.revokedAt() != null ? "failed>revoked " + Html.esc(t.revokedAt())
                            : "stale>expired").append("</td><td>");
            if (t.revokedAt() == null) {
                sb.append("<form method=post class=inline action=\"/tokens/").append(Html.seg(t.id()))
                        .append("/revoke\" data-confirm=\"Revoke token ").append(Html.esc(t.name()))
                        .append("? Whatever uses it stops working.\">").append(Html.csrf(p))
                        .append("<button>Revoke</button></form>");
            }
            sb.append("</td></tr>");
        }
        if (tokens.isEmpty()) {
            sb.append("<tr><td colspan=7 class=empty>No tokens you administer.</td></tr>");
        }
        sb.append("</tbody></table></div><h2>Issue a token</h2><form method=post action=\"/tokens\" id=token-form>")
                .append(Html.csrf(p)).append("<label>Name <input name=name required maxlength=100></label> ")
                .append("<label>Acts as <input name=owner maxlength=100 placeholder=\"its name\"></label> ")
                .append("<label>Role <select name=role>");
        for (Role r : Role.values()) {
            sb.append("<option>").append(r.key()).append("</option>");
        }
        sb.append("</select></label> <label>Environment <select name=environment>");
        for (String env : administered(p)) {
            sb.append("<option value=\"").append(Html.esc(env)).append("\">").append(Html.esc(env.equals("*")
                    ? "* (every environment)" : env)).append("</option>");
        }
        sb.append("</select></label> <button>Issue</button></form>").append(CONFIRM);
        Html.send(ctx, status, "API tokens", p, sb);
    }

    /** '*' and the inventory's environments, where {@code p} holds admin. */
    private Set<String> administered(Principal p) {
        Set<String> out = new TreeSet<>();
        Set<String> all = new TreeSet<>(sc.inventory().environments());
        all.add(dev.muster.server.engine.RunTargets.DEFAULT_ENVIRONMENT);
        all.add(Grants.ANY_ENVIRONMENT);
        for (String env : all) {
            if (p.may(Role.ADMIN, Set.of(env))) {
                out.add(env);
            }
        }
        return out;
    }

    private void issue(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String name = blank(ctx.formParam("name"));
        String owner = blank(ctx.formParam("owner"));
        String env = blank(ctx.formParam("environment"));
        String target = "token " + name + " for " + (owner == null ? name : owner);
        Set<String> envs = env == null ? Set.of() : Set.of(env);
        try {
            if (name == null) {
                throw ApiError.badRequest("name the token");
            }
            ApiTokens.Issued issued = new Tokens(sc).issue(p, name, owner == null ? name : owner,
                    Role.parse(ctx.formParam("role")), Set.of(env == null ? Grants.ANY_ENVIRONMENT : env));
            sc.audit(p, "token.create", target, "ok", null, issued.token().grants().keySet());
            render(ctx, p, 201, null, issued);
        } catch (ApiError | InputException e) {
            int status = e instanceof ApiError a ? a.status() : 400;
            sc.audit(p, "token.create", target, status == 403 ? "denied" : "rejected", e.getMessage(), envs);
            if (status == 403 && !p.holdsAnywhere(Role.ADMIN)) {
                throw e;
            }
            render(ctx, p, status, e.getMessage(), null);
        }
    }

    private void revoke(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String id = ctx.pathParam("id");
        Set<String> envs = Set.of();
        try {
            Tokens tokens = new Tokens(sc);
            sc.requireAnywhere(p, Role.ADMIN);
            envs = tokens.live(id).grants().keySet();
            tokens.revoke(p, id);
            sc.audit(p, "token.revoke", "token " + id, "ok", null, envs);
        } catch (ApiError e) {
            sc.audit(p, "token.revoke", "token " + id, e.status() == 403 ? "denied" : "rejected", e.getMessage(), envs);
            throw e;
        }
        ctx.redirect("/tokens", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Asks before a form with data-confirm is sent (Revoke). */
    static final String CONFIRM = """
            <script>
            document.querySelectorAll('form[data-confirm]').forEach(function(f){f.addEventListener('submit',function(e){
              if(!window.confirm(f.dataset.confirm))e.preventDefault();});});
            </script>""";
}
