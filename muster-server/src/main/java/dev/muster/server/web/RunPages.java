package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.Approvals;
import dev.muster.server.http.Reruns;
import dev.muster.server.http.RunSearch;
import dev.muster.server.http.RunStarter;
import dev.muster.server.http.RunVerdict;
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
        r.post("/runs/{id}/approve", ctx -> decide(ctx, true));
        r.post("/runs/{id}/deny", ctx -> decide(ctx, false));
        r.post("/runs/{id}/cancel", this::cancel);
        r.post("/runs/{id}/rerun", ctx -> rerun(ctx, false));
        r.post("/runs/{id}/rerun-failed", ctx -> rerun(ctx, true));
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
        RunSearch.Query q;
        try {
            q = RunSearch.Query.of(ctx::queryParam);
        } catch (ApiError e) {
            alert = alert.isEmpty() ? e.getMessage() : alert;
            status = status == 200 ? 400 : status;
            q = RunSearch.Query.of(k -> null);
        }
        RunSearch.Page page = new RunSearch(sc).page(q, PAGE);
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
        filters(sb, q);
        sb.append("<p id=fresh aria-live=polite></p><div class=scroll><table id=runs><caption class=sr>Runs, newest "
                + "first</caption><thead><tr><th scope=col>run</th><th scope=col>status</th><th scope=col>exit</th>"
                + "<th scope=col>command</th><th scope=col>hosts</th><th scope=col>counts</th><th scope=col>by</th>"
                + "<th scope=col>created</th></tr></thead><tbody>");
        int shown = 0;
        String newest = null;
        long newestMs = 0;
        for (StoredRun run : page.runs()) {
            if (p.may(Role.VIEWER, sc.environmentsOf(run))) {
                row(sb, run);
                newest = shown++ == 0 ? run.id() : newest;
                newestMs = Math.max(newestMs, run.createdAt().toEpochMilli());
            }
        }
        if (shown == 0) {
            sb.append("<tr><td colspan=8 class=empty>").append(q.filtered() ? "No runs match these filters."
                    : "No runs yet: start one above, or with muster run.").append("</td></tr>");
        }
        sb.append("</tbody></table></div><nav aria-label=\"Runs pages\" class=pages>");
        String filter = filterQuery(q);
        if (page.newer() != null) {
            sb.append("<a href=\"/runs").append(filter.isEmpty() ? "" : "?" + filter.substring(5))
                    .append("\">Newest</a> <a rel=prev href=\"/runs?after=").append(Html.seg(page.newer()))
                    .append(filter).append("\" id=newer>Newer runs</a> ");
        }
        if (page.older() != null) {
            sb.append("<a rel=next href=\"/runs?before=").append(Html.seg(page.older())).append(filter)
                    .append("\" id=older>Older runs</a>");
        }
        sb.append("</nav>");
        if (page.newer() == null && !q.filtered() && newest != null) {
            // only a run this viewer may see: the id of another environment's run must not leak
            sb.append("<span hidden id=newest data-run=\"").append(Html.esc(newest)).append("\"></span>");
        }
        // the newest page takes new runs as rows; every page follows the runs it shows
        sb.append("<span hidden id=runs-live data-newest=\"").append(newestMs).append("\" data-insert=\"")
                .append(page.newer() == null && q.before() == null ? "1" : "0").append("\" data-query=\"")
                .append(filter.isEmpty() ? "" : "?" + filter.substring(5)).append("\"></span>");
        sb.append(LIVE_LIST);
        Html.send(ctx, status, "Runs", p, sb);
    }

    private static void filters(StringBuilder sb, RunSearch.Query q) {
        sb.append("<form method=get action=\"/runs\" id=filters role=search aria-label=\"Filter runs\"><label>Status "
                + "<select name=status><option value=\"\">any</option>");
        for (RunVerdict v : RunVerdict.values()) {
            sb.append("<option").append(v == q.verdict() ? " selected" : "").append('>').append(v.key()).append("</option>");
        }
        sb.append("</select></label> ");
        input(sb, "user", "User", q.user(), "text");
        input(sb, "host", "Host", q.host(), "text");
        input(sb, "env", "Env", q.env(), "text");
        input(sb, "from", "From", q.from() == null ? null : q.from().toString().substring(0, 16), "datetime-local");
        input(sb, "to", "To", q.to() == null ? null : q.to().toString().substring(0, 16), "datetime-local");
        sb.append("<button>Filter</button>");
        if (q.filtered()) {
            sb.append(" <a href=\"/runs\">Clear</a>");
        }
        sb.append("</form>");
    }

    private static void input(StringBuilder sb, String name, String label, String value, String type) {
        sb.append("<label>").append(label).append(" <input name=").append(name).append(" type=").append(type)
                .append(type.equals("text") ? " size=10" : "").append(" value=\"").append(Html.esc(value == null ? "" : value))
                .append("\"></label> ");
    }

    /** The filters as "&amp;k=v..." for page links (escaped for an attribute). */
    private static String filterQuery(RunSearch.Query q) {
        StringBuilder sb = new StringBuilder();
        add(sb, "status", q.verdict() == null ? null : q.verdict().key());
        add(sb, "user", q.user());
        add(sb, "host", q.host());
        add(sb, "env", q.env());
        add(sb, "from", q.from() == null ? null : q.from().toString());
        add(sb, "to", q.to() == null ? null : q.to().toString());
        return sb.toString();
    }

    private static void add(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append("&amp;").append(key).append('=').append(Html.seg(value));
        }
    }

    private void row(StringBuilder sb, StoredRun run) {
        var rec = run.record();
        String what = sc.secrets().display(rec.command() != null ? rec.command()
                : String.valueOf(rec.spec().getOrDefault("plan", rec.kind())));
        String verdict = RunVerdict.of(run).key();
        sb.append("<tr data-run=\"").append(Html.esc(run.id())).append("\"").append(run.status().active() ? " data-live" : "")
                .append("><td><a href=\"/runs/").append(Html.seg(run.id())).append("\">").append(Html.esc(run.id()))
                .append("</a></td><td><span class=\"st badge ").append(verdict).append("\">").append(verdict)
                .append("</span></td><td class=ex>").append(rec.exitCode() == null ? "" : rec.exitCode())
                .append("</td><td><code>").append(Html.esc(what)).append("</code></td><td>")
                .append(Html.esc(rec.selector() == null ? rec.hosts() : sc.secrets().display(rec.selector()))).append("</td><td class=ct>")
                .append(Html.esc(counts(rec.counts()))).append("</td><td>").append(Html.esc(run.requestedBy()))
                .append("</td><td>").append(Html.esc(run.createdAt())).append("</td></tr>");
    }

    static String counts(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * The list follows {@code /api/v1/run-events} (server-sent events, filtered there by the viewer's
     * environments and this page's filters): a row's status, exit code and counts change as its run
     * goes, and on the newest page a run newer than the page's newest comes in as a new row. The
     * browser reconnects by itself (sending Last-Event-ID); only when the stream cannot be had (no
     * EventSource, the server refused it, or three tries in a row failed) does the page fall back to
     * polling every 5 s:
     * active rows from {@code /api/v1/runs/{id}} and a note with a link when newer runs exist.
     */
    private static final String LIVE_LIST = """
            <script>
            (function(){var tb=document.querySelector('#runs tbody'),cfg=document.getElementById('runs-live'),
              newest=Number(cfg.dataset.newest||0),insert=cfg.dataset.insert==='1',fresh=document.getElementById('fresh');
            function cells(tr,j){var st=tr.querySelector('.st');st.textContent=j.verdict;st.className='st badge '+j.verdict;
              tr.querySelector('.ex').textContent=j.exitCode==null?'':j.exitCode;
              var c=[];for(var k in (j.counts||{}))c.push(k+'='+j.counts[k]);tr.querySelector('.ct').textContent=c.join(' ');
              if(j.status==='queued'||j.status==='running')tr.setAttribute('data-live','');else tr.removeAttribute('data-live');}
            function find(id){var r=null;tb.querySelectorAll('tr[data-run]').forEach(function(t){if(t.dataset.run===id)r=t;});return r;}
            function add(j){var e=tb.querySelector('.empty');if(e)e.parentNode.remove();
              var tr=document.createElement('tr'),td=[];tr.dataset.run=j.id;
              for(var i=0;i<8;i++){td.push(document.createElement('td'));tr.appendChild(td[i]);}
              var a=document.createElement('a');a.href='/runs/'+encodeURIComponent(j.id);a.textContent=j.id;td[0].appendChild(a);
              var s=document.createElement('span');s.className='st badge';td[1].appendChild(s);td[2].className='ex';
              var code=document.createElement('code');code.textContent=j.what;td[3].appendChild(code);
              td[4].textContent=j.target||'';td[5].className='ct';td[6].textContent=j.requestedBy||'';td[7].textContent=j.created;
              tb.insertBefore(tr,tb.firstChild);cells(tr,j);}
            function apply(j){var tr=find(j.id);if(tr){cells(tr,j);return;}
              if(insert&&j.createdMs>=newest){add(j);newest=j.createdMs;}}
            var polling=false;
            function poll(){document.querySelectorAll('tr[data-live]').forEach(function(tr){
              fetch('/api/v1/runs/'+encodeURIComponent(tr.dataset.run)).then(function(r){return r.json()}).then(cells.bind(null,tr));});
              var n=document.getElementById('newest');
              if(n)fetch('/api/v1/runs?limit=50&after='+encodeURIComponent(n.dataset.run)).then(function(r){return r.json()}).then(function(j){
                var k=(j.runs||[]).length;
                if(k>0&&fresh.dataset.k!==String(k)){fresh.dataset.k=String(k);fresh.innerHTML='';var a=document.createElement('a');
                  a.href='/runs';a.textContent=k+(k===1?' new run':' new runs')+' since this page loaded: show';fresh.appendChild(a);}});
              setTimeout(poll,5000);}
            function fallback(){if(polling)return;polling=true;document.body.dataset.runsLive='polling';poll();}
            if(!window.EventSource){fallback();return;}
            var es=new EventSource('/api/v1/run-events'+cfg.dataset.query);
            es.addEventListener('ready',function(){document.body.dataset.runsLive='stream';});
            es.addEventListener('run',function(e){apply(JSON.parse(e.data));});
            es.addEventListener('resync',function(){fresh.innerHTML='';var a=document.createElement('a');a.href=location.href;
              a.textContent='Runs may have changed while the connection was down: reload';fresh.appendChild(a);});
            var fails=0;es.onopen=function(){fails=0;};
            es.onerror=function(){if(es.readyState===EventSource.CLOSED||++fails>=3){es.close();fallback();}};})();
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
            sc.audit(p, "run.start", selector + " run " + id, "ok", null, envs);
            ctx.redirect("/runs/" + Html.seg(id), io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (ApiError | dev.muster.core.InputException e) {
            int status = e instanceof ApiError a ? a.status() : 400;
            sc.audit(p, "run.start", selector, status == 403 ? "denied" : "rejected", e.getMessage(), envs);
            // the form comes back as typed, less any secret value (never returned)
            render(ctx, p, status, sc.secrets().display(e.getMessage()), sc.secrets().display(selector),
                    sc.secrets().display(command));
        }
    }

    /** Approve (or deny, which cancels the run) through the API's {@link Approvals}, with the form's note. */
    private void decide(Context ctx, boolean approve) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String action = approve ? "run.approve" : "run.deny";
        StoredRun run = runFor(ctx, p, action, approve ? "approve runs" : "deny approvals");
        String note = Approvals.note(ctx.formParam("note"));
        Approvals approvals = new Approvals(sc);
        try {
            var step = approve ? approvals.approve(run, p) : approvals.deny(run, note);
            sc.audit(p, action, "run " + run.id(), "ok", Approvals.detail(step, note), sc.environmentsOf(run));
        } catch (ApiError e) {
            sc.audit(p, action, "run " + run.id(), "rejected", e.getMessage(), sc.environmentsOf(run));
            throw e;
        }
        String back = ctx.formParam("back");
        ctx.redirect("/approvals".equals(back) ? "/approvals" : "/runs/" + Html.seg(run.id()),
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void cancel(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        StoredRun run = runFor(ctx, p, "run.cancel", "cancel runs");
        boolean cancelled = run.status().active() && sc.cancel(run.id());
        sc.audit(p, "run.cancel", "run " + run.id(), cancelled ? "ok" : "rejected", null, sc.environmentsOf(run));
        ctx.redirect("/runs/" + Html.seg(run.id()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Re-runs through the same {@link Reruns} as the API; a refusal comes back on the run's page. */
    private void rerun(Context ctx, boolean failedOnly) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String action = failedOnly ? "run.rerun-failed" : "run.rerun";
        StoredRun run = runFor(ctx, p, action, "re-run runs");
        Reruns reruns = new Reruns(sc);
        String target = "run " + run.id();
        try {
            target += " on " + reruns.selector(run, failedOnly);
            String id = reruns.rerun(p, run, failedOnly, "yes".equals(ctx.formParam("confirm")));
            sc.audit(p, action, target + ": run " + id, "ok", null, sc.environmentsOf(run));
            ctx.redirect("/runs/" + Html.seg(id), io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (ApiError e) {
            sc.audit(p, action, target, e.status() == 403 ? "denied" : "rejected", e.getMessage(),
                    sc.environmentsOf(run));
            throw e;
        }
    }

    private StoredRun runFor(Context ctx, Principal p, String action, String what) {
        String id = ctx.pathParam("id");
        StoredRun run = sc.store().runs().get(id).orElseThrow(() -> ApiError.notFound("no run " + id));
        try {
            sc.require(p, Role.OPERATOR, sc.environmentsOf(run), what);
        } catch (ApiError e) {
            sc.audit(p, action, "run " + id, "denied", e.getMessage(), sc.environmentsOf(run));
            throw e;
        }
        return run;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
