package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.http.ServerContext;
import dev.muster.server.store.DeadLetters;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /dead-letters}: the hosts whose steps failed for good (issue 18), newest first, open ones
 * by default, as far as the viewer may see their environments: host, environment, error kind,
 * attempts, exit code, the step, the run, and the last output (stored redacted). Requeue and
 * discard stay with the API and the CLI, where they are audited.
 */
record DeadLetterPage(ServerContext sc) {
    static final int PAGE = 200;

    void register(RoutesConfig r) {
        r.get("/dead-letters", this::page);
    }

    private void page(Context ctx) {
        java.util.Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isEmpty()) {
            return;
        }
        Principal p = login.get();
        sc.requireAnywhere(p, Role.VIEWER);
        String stateText = ctx.queryParam("state");
        DeadLetters.State state = DeadLetters.State.OPEN;
        if ("any".equals(stateText)) {
            state = null;
        } else if (stateText != null) {
            for (DeadLetters.State s : DeadLetters.State.values()) {
                if (s.key().equals(stateText.toLowerCase(Locale.ROOT))) {
                    state = s;
                }
            }
        }
        List<DeadLetters.Letter> shown = new ArrayList<>();
        for (DeadLetters.Letter l : sc.store().deadLetters().list(state, null, 1_000)) {
            String env = l.environment() == null ? RunTargets.DEFAULT_ENVIRONMENT : l.environment();
            if (shown.size() < PAGE && p.may(Role.VIEWER, Set.of(env))) {
                shown.add(l);
            }
        }
        StringBuilder sb = new StringBuilder(16_384).append("<h1>Dead letters</h1>")
                .append("<p>Hosts whose step failed for good: not retryable, or out of attempts. Requeue or discard "
                        + "them with <code>POST /api/v1/dead-letters/ID/requeue|discard</code> or "
                        + "<code>muster dead-letters</code>.</p>")
                .append("<nav aria-label=\"Dead letters by state\" class=pages>");
        for (String s : new String[] {"open", "requeued", "discarded", "any"}) {
            boolean current = s.equals(state == null ? "any" : state.key());
            sb.append("<a href=\"/dead-letters?state=").append(s).append('"')
                    .append(current ? " aria-current=page" : "").append('>').append(s).append("</a> ");
        }
        sb.append("</nav><div class=scroll><table id=dead-letters><caption class=sr>Dead letters, newest first</caption>"
                + "<thead><tr><th scope=col>when</th><th scope=col>host</th><th scope=col>environment</th>"
                + "<th scope=col>error</th><th scope=col>attempts</th><th scope=col>exit</th><th scope=col>step</th>"
                + "<th scope=col>run</th><th scope=col>state</th><th scope=col>last output</th></tr></thead><tbody>");
        for (DeadLetters.Letter l : shown) {
            sb.append("<tr data-id=\"").append(Html.esc(l.id())).append("\"><td>").append(Html.esc(l.createdAt()))
                    .append("</td><td><a href=\"/hosts/").append(Html.esc(l.host())).append("\">").append(Html.esc(l.host()))
                    .append("</a></td><td>").append(Html.esc(l.environment() == null ? "" : l.environment()))
                    .append("</td><td class=failed>").append(Html.esc(l.errorKind())).append("</td><td>")
                    .append(l.attempts()).append("</td><td>").append(l.exitCode() == null ? "" : l.exitCode())
                    .append("</td><td><code>").append(Html.esc(l.step())).append("</code></td><td><a href=\"/runs/")
                    .append(Html.esc(l.runId())).append("\">").append(Html.esc(l.runId())).append("</a></td><td>")
                    .append(Html.esc(l.state().key()))
                    .append(l.requeueRun() == null ? "" : " (<a href=\"/runs/" + Html.esc(l.requeueRun()) + "\">run</a>)")
                    .append("</td><td><pre>").append(Html.esc(tail(l.lastOutput()))).append("</pre></td></tr>");
        }
        if (shown.isEmpty()) {
            sb.append("<tr><td colspan=10 class=empty>No dead letters").append(state == null ? "" : " " + state.key())
                    .append(" that you may see.</td></tr>");
        }
        Html.send(ctx, 200, "Dead letters", p, sb.append("</tbody></table></div>"));
    }

    /** The last lines of a letter's output, enough to see why without the page growing a screen a row. */
    private static String tail(String output) {
        if (output == null) {
            return "";
        }
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - 5);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
