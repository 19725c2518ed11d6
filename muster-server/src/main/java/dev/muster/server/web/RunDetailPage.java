package dev.muster.server.web;

import dev.muster.core.exec.Outcome;
import dev.muster.core.report.Gatherer;
import dev.muster.core.report.OutputGroup;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ServerContext;
import dev.muster.server.store.RunOutput;
import dev.muster.server.store.StoredRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /runs/{id}}: a run with its gathered output (hosts with identical output folded into
 * one block, each output cut at {@link #HEAD_CHARS}), its per-host table and live progress over
 * server-sent events; {@code /runs/{id}/hosts/{host}}: one host's outcome and output.
 */
final class RunDetailPage {
    static final int HEAD_CHARS = 8 * 1024;
    static final int HOST_OUTPUT_CHARS = 256 * 1024;

    private final ServerContext sc;
    private final RunQueries queries;

    RunDetailPage(ServerContext sc, RunQueries queries) {
        this.sc = sc;
        this.queries = queries;
    }

    void register(RoutesConfig r) {
        r.get("/runs/{id}", this::detail);
        r.get("/runs/{id}/live", this::fragment);
        r.get("/runs/{id}/hosts/{host}", this::host);
    }

    private Optional<Readable> readable(Context ctx) {
        Optional<Principal> p = Dashboard.login(sc, ctx);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        String id = ctx.pathParam("id");
        StoredRun run = sc.store().runs().get(id).orElseThrow(() -> ApiError.notFound("no run " + id));
        sc.require(p.get(), Role.VIEWER, sc.environmentsOf(run), "read this run");
        return Optional.of(new Readable(p.get(), run));
    }

    private record Readable(Principal p, StoredRun run) {
    }

    private void detail(Context ctx) {
        Optional<Readable> r = readable(ctx);
        if (r.isEmpty()) {
            return;
        }
        StoredRun run = r.get().run();
        Principal p = r.get().p();
        var rec = run.record();
        StringBuilder sb = new StringBuilder(32_768);
        sb.append("<h1>Run ").append(Html.esc(run.id())).append("</h1><p><code>")
                .append(Html.esc(sc.secrets().display(rec.command() != null ? rec.command()
                        : String.valueOf(rec.spec().getOrDefault("plan", rec.kind())))))
                .append("</code> on <code>").append(Html.esc(sc.secrets().display(rec.selector()))).append("</code> · requested by ")
                .append(Html.esc(run.requestedBy())).append(" · created ").append(Html.esc(run.createdAt())).append("</p>");
        boolean operator = p.may(Role.OPERATOR, sc.environmentsOf(run));
        if (run.status().active() && operator) {
            sb.append("<div id=actions>");
            sc.store().runs().pendingApproval(run.id()).ifPresent(a -> sb.append("<form method=post action=\"/runs/")
                    .append(Html.seg(run.id())).append("/approve\"><p class=alert>Waiting for approval: ")
                    .append(Html.esc(sc.inventory().redactor().redact(a.message()))).append(' ').append(Html.csrf(p))
                    .append("<button id=approve>Approve</button></p></form>"));
            sb.append("<form method=post action=\"/runs/").append(Html.seg(run.id())).append("/cancel\">")
                    .append(Html.csrf(p)).append("<button id=cancel>Cancel run</button></form></div>");
        }
        sb.append("<div id=live data-run=\"").append(Html.esc(run.id())).append("\">");
        live(sb, run);
        sb.append("</div>");
        if (run.status().active()) {
            sb.append(LIVE_RUN);
        }
        Html.send(ctx, 200, "Run " + run.id(), p, sb);
    }

    /** The part of the page that changes while the run goes on, re-fetched when it ends. */
    private void fragment(Context ctx) {
        Optional<Readable> r = readable(ctx);
        if (r.isPresent()) {
            StringBuilder sb = new StringBuilder(32_768);
            live(sb, r.get().run());
            ctx.contentType("text/html; charset=utf-8").result(sb.toString());
        }
    }

    private void live(StringBuilder sb, StoredRun run) {
        List<Outcome> outcomes = sc.store().runs().outcomes(run.id());
        sb.append("<p>Status: <b id=status class=\"").append(run.status().key()).append("\">")
                .append(run.status().key()).append("</b>");
        if (run.record().exitCode() != null) {
            sb.append(" · exit code ").append(run.record().exitCode());
        }
        sb.append(" · <span id=progress>").append(outcomes.size()).append(" hosts done</span> · ")
                .append(Html.esc(RunPages.counts(run.record().counts()))).append("</p><h2>Output</h2>");
        Map<String, RunQueries.Head> heads = queries.heads(run.id(), HEAD_CHARS);
        List<Outcome> cut = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            RunQueries.Head h = heads.getOrDefault(o.host(), new RunQueries.Head("", "", false));
            String more = h.truncated() ? "\n… (cut at " + HEAD_CHARS / 1024 + " KiB)" : "";
            cut.add(o.withOutput(h.stdout() + more, h.stderr()));
        }
        for (OutputGroup g : Gatherer.gather(cut)) {
            group(sb, run.id(), g);
        }
        sb.append("<h2>Hosts</h2><table id=hosts><tr><th>host</th><th>status</th><th>exit</th><th>ms</th>"
                + "<th>attempts</th><th>message</th></tr>");
        for (Outcome o : outcomes) {
            sb.append("<tr><td><a href=\"/runs/").append(Html.seg(run.id())).append("/hosts/").append(Html.seg(o.host()))
                    .append("\">").append(Html.esc(o.host())).append("</a></td><td class=").append(o.status().key())
                    .append('>').append(o.status().key()).append(o.kind() == null ? "" : " (" + o.kind().key() + ")")
                    .append("</td><td>").append(o.exitCode() == null ? "" : o.exitCode()).append("</td><td>")
                    .append(o.durationMs()).append("</td><td>").append(o.attempts()).append("</td><td>")
                    .append(Html.esc(o.message())).append("</td></tr>");
        }
        sb.append("</table>");
    }

    private static void group(StringBuilder sb, String runId, OutputGroup g) {
        String first = g.hosts().names().getFirst();
        sb.append("<section class=group><h3><span class=").append(g.status().key()).append('>')
                .append(Html.esc(g.hosts().fold())).append(" (").append(g.hosts().size()).append("): ")
                .append(g.status().key()).append("</span>");
        if (g.exitCode() != null && g.exitCode() != 0) {
            sb.append(" exit ").append(g.exitCode());
        }
        sb.append(" <a href=\"/runs/").append(Html.seg(runId)).append("/hosts/").append(Html.seg(first))
                .append("\">full output of ").append(Html.esc(first)).append("</a></h3>");
        if (!g.stdout().isEmpty()) {
            sb.append("<pre>").append(Html.esc(g.stdout())).append("</pre>");
        }
        if (!g.stderr().isEmpty()) {
            sb.append("<pre class=failed>").append(Html.esc(g.stderr())).append("</pre>");
        }
        for (String m : g.messages()) {
            sb.append("<p>").append(Html.esc(m)).append("</p>");
        }
        sb.append("</section>");
    }

    private void host(Context ctx) throws IOException {
        Optional<Readable> r = readable(ctx);
        if (r.isEmpty()) {
            return;
        }
        StoredRun run = r.get().run();
        String host = ctx.pathParam("host");
        Outcome o = sc.store().runs().outcomes(run.id()).stream().filter(x -> x.host().equals(host)).findFirst()
                .orElseThrow(() -> ApiError.notFound("run " + run.id() + " has no host " + host));
        StringBuilder sb = new StringBuilder(HOST_OUTPUT_CHARS + 4096);
        sb.append("<h1><a href=\"/hosts/").append(Html.seg(host)).append("\">").append(Html.esc(host))
                .append("</a> in run <a href=\"/runs/").append(Html.seg(run.id())).append("\">")
                .append(Html.esc(run.id())).append("</a></h1><p>Status: <b id=status class=").append(o.status().key())
                .append('>').append(o.status().key()).append("</b>").append(o.kind() == null ? "" : " (" + o.kind().key() + ")")
                .append(" · exit ").append(o.exitCode() == null ? "-" : o.exitCode()).append(" · ").append(o.durationMs())
                .append(" ms · attempts ").append(o.attempts()).append("</p><p>").append(Html.esc(o.message())).append("</p>");
        for (RunOutput.Stream s : RunOutput.Stream.values()) {
            sb.append("<h2>").append(s.key()).append(" <a href=\"/api/v1/runs/").append(Html.seg(run.id()))
                    .append("/output?host=").append(Html.seg(host)).append("&amp;stream=").append(s.key())
                    .append("\">whole</a></h2><pre id=").append(s.key()).append('>');
            copyHead(sb, run.id(), host, s);
            sb.append("</pre>");
        }
        Html.send(ctx, 200, host + " in run " + run.id(), r.get().p(), sb);
    }

    /** Streams at most {@link #HOST_OUTPUT_CHARS} of the output in, escaped; a huge output is never read whole. */
    private void copyHead(StringBuilder sb, String runId, String host, RunOutput.Stream stream) throws IOException {
        char[] buf = new char[8192];
        int total = 0;
        try (Reader in = sc.store().output().reader(runId, host, stream)) {
            for (int n; total < HOST_OUTPUT_CHARS && (n = in.read(buf, 0, Math.min(buf.length,
                    HOST_OUTPUT_CHARS - total))) >= 0; total += n) {
                sb.append(Html.esc(new String(buf, 0, n)));
            }
            if (total >= HOST_OUTPUT_CHARS && in.read() >= 0) {
                sb.append("\n… (cut at ").append(HOST_OUTPUT_CHARS / 1024).append(" KiB: follow “whole”)");
            }
        }
    }

    /** Host ends bump the counter; the run's end re-fetches the live part (no page reload). */
    private static final String LIVE_RUN = """
            <script>
            (function(){var id=document.getElementById('live').dataset.run,done=0,es=new EventSource('/api/v1/runs/'+encodeURIComponent(id)+'/events');
            es.addEventListener('host-finished',function(){done++;document.getElementById('progress').textContent=done+' hosts done';});
            es.addEventListener('run-finished',function(){es.close();
              var a=document.getElementById('actions');if(a)a.remove();
              fetch('/runs/'+encodeURIComponent(id)+'/live').then(function(r){return r.text()}).then(function(h){
                document.getElementById('live').innerHTML=h;});});})();
            </script>""";
}
