package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.RunStarter;
import dev.muster.server.http.ServerContext;
import dev.muster.server.store.StoredRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /runs}: the runs list (newest first, by pages), the form starting a run, and run actions. */
final class RunPages {
    static final int PAGE = 50;

    private final ServerContext sc;
    private final RunDetailPage detail;

    RunPages(ServerContext sc, RunQueries queries) {
        this.sc = sc;
        this.detail = new RunDetailPage(sc, queries);
    }

    void register(RoutesConfig r) {
        r.get("/runs", this::list);
        r.post("/runs", this::start);
        r.post("/runs/{id}/approve", this::approve);
        r.post("/runs/{id}/cancel", this::cancel);
        detail.register(r);
    }

    private void list(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isPresent()) {
            render(ctx, login.get(), 200, "", "", "");
        }
    }

    private void render(Context ctx, Principal p, int status, String alert, String selector, String command) {
        sc.requireAnywhere(p, Role.VIEWER);
        String before = ctx.queryParam("before");
        List<StoredRun> page = before == null ? sc.store().runs().list(PAGE) : sc.store().runs().listBefore(before, PAGE);
        StringBuilder sb = new StringBuilder(16_384).append("<h1>Runs</h1>");
        if (!alert.isEmpty()) {
            sb.append("<p class=alert role=alert>").append(Html.esc(alert)).append("</p>");
        }
        if (p.holdsAnywhere(Role.OPERATOR)) {
            sb.append("<form method=post action=\"/runs\" id=start>").append(Html.csrf(p))
                    .append("<label>Hosts <input name=selector required placeholder=\"@web\" value=\"")
                    .append(Html.esc(selector)).append("\"></label> <label>Command <input name=command required size=40 "
                            + "value=\"").append(Html.esc(command)).append("\"></label> <label><input type=checkbox "
                            + "name=confirm value=yes> protected environments too</label> <button>Run</button></form>");
        }
        sb.append("<table id=runs><tr><th>run</th><th>status</th><th>what</th><th>hosts</th><th>counts</th>"
                + "<th>by</th><th>created</th></tr>");
        for (StoredRun run : page) {
            if (p.may(Role.VIEWER, sc.environmentsOf(run))) {
                row(sb, run);
            }
        }
        sb.append("</table>");
        if (page.size() == PAGE) {
            sb.append("<p><a rel=next href=\"/runs?before=").append(Html.seg(page.getLast().id()))
                    .append("\">Older runs</a></p>");
        }
        sb.append(LIVE_LIST);
        Html.send(ctx, status, "Runs", p, sb);
    }

    private void row(StringBuilder sb, StoredRun run) {
        var rec = run.record();
        String what = sc.secrets().display(rec.command() != null ? rec.command()
                : String.valueOf(rec.spec().getOrDefault("plan", rec.kind())));
        sb.append("<tr data-run=\"").append(Html.esc(run.id())).append("\"").append(run.status().active() ? " data-live" : "")
                .append("><td><a href=\"/runs/").append(Html.seg(run.id())).append("\">").append(Html.esc(run.id()))
                .append("</a></td><td class=\"st ").append(run.status().key()).append("\">")
                .append(run.status().key()).append("</td><td><code>").append(Html.esc(what)).append("</code></td><td>")
                .append(Html.esc(rec.selector() == null ? rec.hosts() : sc.secrets().display(rec.selector()))).append("</td><td class=ct>")
                .append(Html.esc(counts(rec.counts()))).append("</td><td>").append(Html.esc(run.requestedBy()))
                .append("</td><td>").append(Html.esc(run.createdAt())).append("</td></tr>");
    }

    static String counts(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** Active rows poll the API until their run ends. */
    private static final String LIVE_LIST = """
            <script>
            function poll(){document.querySelectorAll('tr[data-live]').forEach(function(tr){
              fetch('/api/v1/runs/'+encodeURIComponent(tr.dataset.run)).then(function(r){return r.json()}).then(function(j){
                var st=tr.querySelector('.st');st.textContent=j.status;st.className='st '+j.status;
                var c=[];for(var k in (j.counts||{}))c.push(k+'='+j.counts[k]);tr.querySelector('.ct').textContent=c.join(' ');
                if(j.status!=='queued'&&j.status!=='running')tr.removeAttribute('data-live');})});
              if(document.querySelector('tr[data-live]'))setTimeout(poll,1500);}
            setTimeout(poll,1500);
            </script>""";

    /** Queues through the same {@link RunStarter} as {@code POST /api/v1/runs} (CSRF checked before). */
    private void start(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String selector = ctx.formParam("selector");
        String command = ctx.formParam("command");
        if (selector == null || selector.isBlank() || command == null || command.isBlank()) {
            render(ctx, p, 400, "Name the hosts and the command.", nz(selector), nz(command));
            return;
        }
        RunStarter starter = new RunStarter(sc);
        java.util.Set<String> envs = java.util.Set.of();
        try {
            envs = starter.environments(selector);
            String id = starter.start(p, selector, command, "yes".equals(ctx.formParam("confirm")));
            audit(p, "run.start", selector + " run " + id, "ok", null, envs);
            ctx.redirect("/runs/" + Html.seg(id), io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (ApiError | dev.muster.core.InputException e) {
            int status = e instanceof ApiError a ? a.status() : 400;
            audit(p, "run.start", selector, status == 403 ? "denied" : "rejected", e.getMessage(), envs);
            // the form comes back as typed, less any secret value (never returned)
            render(ctx, p, status, sc.secrets().display(e.getMessage()), sc.secrets().display(selector),
                    sc.secrets().display(command));
        }
    }

    private void approve(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        StoredRun run = runFor(ctx, p, "run.approve", "approve runs");
        if (!sc.store().runs().approve(run.id(), p.name())) {
            audit(p, "run.approve", "run " + run.id(), "rejected", "waits for no approval", sc.environmentsOf(run));
            throw ApiError.conflict("run " + run.id() + " waits for no approval");
        }
        audit(p, "run.approve", "run " + run.id(), "ok", null, sc.environmentsOf(run));
        ctx.redirect("/runs/" + Html.seg(run.id()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void cancel(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        StoredRun run = runFor(ctx, p, "run.cancel", "cancel runs");
        boolean cancelled = run.status().active() && sc.cancel(run.id());
        audit(p, "run.cancel", "run " + run.id(), cancelled ? "ok" : "rejected", null, sc.environmentsOf(run));
        ctx.redirect("/runs/" + Html.seg(run.id()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private StoredRun runFor(Context ctx, Principal p, String action, String what) {
        String id = ctx.pathParam("id");
        StoredRun run = sc.store().runs().get(id).orElseThrow(() -> ApiError.notFound("no run " + id));
        try {
            sc.require(p, Role.OPERATOR, sc.environmentsOf(run), what);
        } catch (ApiError e) {
            audit(p, action, "run " + id, "denied", e.getMessage(), sc.environmentsOf(run));
            throw e;
        }
        return run;
    }

    private void audit(Principal p, String action, String targets, String result, String detail,
                       java.util.Collection<String> environments) {
        sc.store().audit().append(p.name() + " (" + p.via() + ")", action, targets, result,
                detail == null ? null : sc.inventory().redactor().redact(detail), environments);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
