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
record RunDetailPage(ServerContext sc, RunQueries queries) {
    static final int HEAD_CHARS = 8 * 1024;
    static final int HOST_OUTPUT_CHARS = 256 * 1024;
    /** A host's streamed output on the page keeps its newest this many characters (the server keeps as many). */
    static final int STREAM_CHARS = 16 * 1024;

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
        boolean guarded = !sc.targets().protectedAmong(sc.environmentsOf(run)).isEmpty();
        if (run.status().active() && operator) {
            sb.append("<div id=actions>");
            sc.store().runs().pendingApproval(run.id()).ifPresent(a -> {
                sb.append("<div class=alert><p>Waiting for approval: ")
                        .append(Html.esc(sc.inventory().redactor().redact(a.message()))).append("</p>");
                DecisionForm.append(sb, p, run.id(), "run", true);
                sb.append("</div>").append(DecisionForm.SCRIPT);
            });
            sb.append("<form method=post id=cancel-form data-confirm=\"Cancel run ").append(Html.esc(run.id()))
                    .append("? Hosts not yet done are stopped.\" action=\"/runs/").append(Html.seg(run.id()))
                    .append("/cancel\">").append(Html.csrf(p)).append("<button id=cancel>Cancel run</button></form></div>");
        } else if (operator && "run".equals(rec.kind()) && rec.selector() != null) {
            boolean failed = !new dev.muster.server.http.Reruns(sc).failedHosts(run.id()).isEmpty();
            sb.append("<div id=rerun class=actions>");
            rerunForm(sb, p, run.id(), "rerun", "Re-run", guarded);
            if (failed) {
                rerunForm(sb, p, run.id(), "rerun-failed", "Re-run on failed hosts", guarded);
            }
            sb.append("</div>");
        }
        if (rec.spec().get("rerunOf") instanceof String of) {
            sb.append("<p>Re-run of <a href=\"/runs/").append(Html.seg(of)).append("\">").append(Html.esc(of))
                    .append("</a></p>");
        }
        sb.append("<div id=live data-run=\"").append(Html.esc(run.id())).append("\">");
        live(sb, run);
        sb.append("</div>");
        if (run.status().active()) {
            sb.append("<section id=streaming aria-labelledby=streaming-title><h2 id=streaming-title>Output as it comes"
                    + "</h2><p>Each host's newest ").append(STREAM_CHARS / 1024).append(" KiB, gathered above when the run "
                    + "ends.</p><div id=stream><p class=empty id=no-stream>No output yet.</p></div></section>");
        }
        sb.append(CONFIRM);
        if (run.status().active()) {
            sb.append(LIVE_RUN.replace("MAXCHARS", Integer.toString(STREAM_CHARS)));
        }
        Html.send(ctx, 200, "Run " + run.id(), p, sb);
    }

    /** A grouped plan's groups: hosts, strategy, window and state (as the run's spec keeps them). */
    private static void groups(StringBuilder sb, Object groups) {
        if (!(groups instanceof List<?> list) || list.isEmpty()) {
            return;
        }
        sb.append("<h2>Groups</h2><div class=scroll><table id=groups><thead><tr><th scope=col>group</th><th scope=col>"
                + "hosts</th><th scope=col>strategy</th><th scope=col>window</th><th scope=col>after</th>"
                + "<th scope=col>state</th></tr></thead><tbody>");
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> g)) {
                continue;
            }
            String state = String.valueOf(g.get("state"));
            Object detail = g.get("detail");
            if (detail != null && !detail.toString().isEmpty() && !state.contains(detail.toString())) {
                state += ": " + detail;
            }
            Object after = g.get("after");
            sb.append("<tr data-group=\"").append(Html.esc(String.valueOf(g.get("name")))).append("\"><td>")
                    .append(Html.esc(String.valueOf(g.get("name")))).append("</td><td>")
                    .append(Html.esc(String.valueOf(g.get("hosts")))).append("</td><td>")
                    .append(Html.esc(String.valueOf(g.get("strategy")))).append("</td><td>")
                    .append(g.get("window") == null ? "" : Html.esc(g.get("window").toString())).append("</td><td>")
                    .append(after instanceof List<?> a ? Html.esc(String.join(", ", a.stream().map(String::valueOf).toList()))
                            : "").append("</td><td class=group-state>").append(Html.esc(state)).append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
    }

    private static void rerunForm(StringBuilder sb, Principal p, String runId, String path, String label,
                                  boolean guarded) {
        sb.append("<form method=post action=\"/runs/").append(Html.seg(runId)).append('/').append(path).append("\">")
                .append(Html.csrf(p));
        if (guarded) {
            sb.append("<label><input type=checkbox name=confirm value=yes required> protected environment</label> ");
        }
        sb.append("<button id=").append(path).append('>').append(label).append("</button></form>");
    }

    /** The part of the page that changes while the run goes on, re-fetched when it ends. */
    private void fragment(Context ctx) {
        Optional<Readable> r = readable(ctx);
        if (r.isPresent()) {
            StringBuilder sb = new StringBuilder(32_768);
            live(sb, r.get().run());
            dev.muster.server.http.SecurityHeaders.serverTiming(ctx);
            ctx.contentType("text/html; charset=utf-8").result(sb.toString());
        }
    }

    private void live(StringBuilder sb, StoredRun run) {
        List<Outcome> outcomes = sc.store().runs().outcomes(run.id());
        Map<String, Outcome> byHost = new java.util.HashMap<>();
        outcomes.forEach(o -> byHost.put(o.host(), o));
        List<String> targets = targets(run.record().hosts());
        java.util.Set<String> targetSet = new java.util.HashSet<>(targets);
        java.util.Set<String> running = run.status().active()
                ? new java.util.HashSet<>(sc.store().runs().inFlight(run.id())) : java.util.Set.of();
        List<String> names = new ArrayList<>(targets);
        outcomes.stream().map(Outcome::host).filter(h -> !targetSet.contains(h)).forEach(names::add);
        String verdict = dev.muster.server.http.RunVerdict.of(run).key();
        Map<String, Integer> tally = new java.util.TreeMap<>();
        outcomes.forEach(o -> tally.merge(state(o), 1, Integer::sum));
        sb.append("<p>Status: <b id=status class=\"badge ").append(verdict).append("\">").append(verdict).append("</b>");
        if (run.record().exitCode() != null) {
            sb.append(" · exit code <span id=exit>").append(run.record().exitCode()).append("</span>");
        }
        sb.append(" · <span id=progress role=status aria-live=polite data-total=\"").append(names.size()).append("\">")
                .append(outcomes.size()).append(" of ").append(names.isEmpty() ? "?" : names.size())
                .append(" hosts done</span> · <span id=tally>");
        tally.forEach((k, v) -> sb.append("<span class=").append(k).append('>').append(k).append(' ').append(v)
                .append("</span> "));
        sb.append("</span></p>");
        if (names.isEmpty() && run.status().active()) {
            sb.append("<p id=waiting>Waiting for a server to start the run.</p>");
        }
        groups(sb, run.record().spec().get("groups"));
        sb.append("<h2>Hosts</h2><div class=scroll><table id=hosts><thead><tr><th scope=col>host</th><th scope=col>state"
                + "</th><th scope=col>exit</th><th scope=col>ms</th><th scope=col>attempts</th><th scope=col>message"
                + "</th></tr></thead><tbody>");
        for (String h : names) {
            Outcome o = byHost.get(h);
            String st = o != null ? state(o) : running.contains(h) ? "running" : run.status().active() ? "pending"
                    : "not-run";
            sb.append("<tr data-host=\"").append(Html.esc(h)).append("\"><td>");
            if (o != null) {
                sb.append("<a href=\"/runs/").append(Html.seg(run.id())).append("/hosts/").append(Html.seg(h))
                        .append("\">").append(Html.esc(h)).append("</a>");
            } else {
                sb.append(Html.esc(h));
            }
            sb.append("</td><td class=\"hs ").append(st).append("\">").append(st.replace('-', ' '))
                    .append(o == null || o.kind() == null || st.equals("cancelled") ? "" : " (" + o.kind().key() + ")")
                    .append("</td><td>").append(o == null || o.exitCode() == null ? "" : o.exitCode()).append("</td><td>")
                    .append(o == null ? "" : o.durationMs()).append("</td><td>").append(o == null ? "" : o.attempts())
                    .append("</td><td>").append(o == null ? "" : Html.esc(o.message())).append("</td></tr>");
        }
        if (names.isEmpty()) {
            sb.append("<tr><td colspan=6 class=empty>No hosts yet.</td></tr>");
        }
        sb.append("</tbody></table></div><h2>Output</h2>");
        Map<String, RunQueries.Head> heads = queries.heads(run.id(), HEAD_CHARS);
        List<Outcome> cut = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            RunQueries.Head h = heads.getOrDefault(o.host(), new RunQueries.Head("", "", false));
            String more = h.truncated() ? "\n… (cut at " + HEAD_CHARS / 1024 + " KiB)" : "";
            cut.add(o.withOutput(h.stdout() + more, h.stderr()));
        }
        if (outcomes.isEmpty()) {
            sb.append("<p class=empty id=no-output>No host has finished yet.</p>");
        }
        for (OutputGroup g : Gatherer.gather(cut)) {
            group(sb, run.id(), g);
        }
    }

    /**
     * The hosts a run targeted, from the host set its record holds; a value that is not a host set (a
     * record written by another version) names none, and the page lists the hosts that have outcomes.
     */
    static List<String> targets(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return List.of();
        }
        try {
            return dev.muster.core.inventory.HostSet.parse(hosts).names();
        } catch (dev.muster.core.InputException e) {
            return List.of();
        }
    }

    /** A host's state in words: its status, or "cancelled" when a cancel cut it (not a failure of the host). */
    static String state(Outcome o) {
        return o.kind() == dev.muster.core.exec.FailureKind.CANCELLED ? "cancelled" : o.status().key();
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

    /** Asks before a form with data-confirm is sent (the cancel button). */
    private static final String CONFIRM = """
            <script>
            document.querySelectorAll('form[data-confirm]').forEach(function(f){f.addEventListener('submit',function(e){
              if(!window.confirm(f.dataset.confirm))e.preventDefault();});});
            </script>""";

    /**
     * Each host row follows the event stream (which first replays what the server kept and the store
     * holds, so a page opened mid-run counts right: a host is counted once, by name); output lines
     * are appended per host as they come, each host's newest MAXCHARS kept with a note when older
     * ones were cut; a dropped connection resumes from its Last-Event-ID (the browser sends it);
     * the run's end re-fetches the live part (no page reload).
     */
    private static final String LIVE_RUN = """
            <script>
            (function(){var live=document.getElementById('live'),id=live.dataset.run,done={};
            var es=new EventSource('/api/v1/runs/'+encodeURIComponent(id)+'/events');
            function row(h){var r=null;document.querySelectorAll('#hosts tr[data-host]').forEach(function(t){
              if(t.dataset.host===h)r=t;});if(r)return r;
              var tb=document.querySelector('#hosts tbody');var e=tb.querySelector('.empty');if(e)e.parentNode.remove();
              r=document.createElement('tr');r.dataset.host=h;for(var i=0;i<6;i++)r.appendChild(document.createElement('td'));
              r.cells[0].textContent=h;r.cells[1].className='hs pending';tb.appendChild(r);return r;}
            function set(h,st){var c=row(h).cells[1];c.className='hs '+st;c.textContent=st;}
            function count(){var p=document.getElementById('progress'),n=document.querySelectorAll('#hosts tr[data-host]').length;
              p.textContent=Object.keys(done).length+' of '+n+' hosts done';}
            document.querySelectorAll('#hosts tr[data-host]').forEach(function(t){var c=t.cells[1].className;
              if(c.indexOf('pending')<0&&c.indexOf('running')<0)done[t.dataset.host]=1;});
            es.addEventListener('host-started',function(e){var d=JSON.parse(e.data);if(!done[d.host])set(d.host,'running');});
            es.addEventListener('host-finished',function(e){var d=JSON.parse(e.data);
              set(d.host,d.kind==='cancelled'?'cancelled':d.status);done[d.host]=1;count();});
            var stream=document.getElementById('stream'),MAX=MAXCHARS,outs={};
            function out(h){var o=outs[h];if(o)return o;var e=document.getElementById('no-stream');if(e)e.remove();
              var d=document.createElement('details');d.open=true;d.dataset.host=h;var s=document.createElement('summary');
              s.textContent=h;var c=document.createElement('p');c.className='cut';c.hidden=true;
              var p=document.createElement('pre');d.appendChild(s);d.appendChild(c);d.appendChild(p);stream.appendChild(d);
              return outs[h]={pre:p,cut:c};}
            function cut(o){o.cut.hidden=false;o.cut.textContent='\u2026 earlier output cut: the newest '+(MAX/1024)+' KiB are shown';}
            es.addEventListener('output',function(e){var d=JSON.parse(e.data),o=out(d.host),t=o.pre.textContent+d.text;
              if(t.length>MAX){t=t.slice(t.length-MAX);cut(o);}o.pre.textContent=t;});
            es.addEventListener('output-cut',function(e){cut(out(JSON.parse(e.data).host));});
            es.addEventListener('run-finished',function(){es.close();
              var a=document.getElementById('actions');if(a)a.remove();
              var st=document.getElementById('streaming');if(st)st.remove();
              fetch('/runs/'+encodeURIComponent(id)+'/live').then(function(r){return r.text()}).then(function(h){
                live.innerHTML=h;});});})();
            </script>""";
}
