package dev.muster.server.web;

import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ServerContext;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /hosts/{name}}: inventory facts (never vars: they may hold secrets), the latest metrics,
 * charts over the last day and the host's outcomes among the newest runs.
 */
record HostPage(ServerContext sc, MetricStore metrics, RunQueries queries) {
    static final Duration WINDOW = Duration.ofHours(24);
    /** The chart ranges offered: 1 hour, the default day, a week. */
    static final java.util.Map<String, Duration> RANGES = new java.util.LinkedHashMap<>(java.util.Map.of());

    static {
        RANGES.put("1h", Duration.ofHours(1));
        RANGES.put("24h", WINDOW);
        RANGES.put("7d", Duration.ofDays(7));
    }
    static final int RECENT_RUNS_SCANNED = 200;

    void register(RoutesConfig r) {
        r.get("/hosts/{name}", this::page);
    }

    private void page(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isEmpty()) {
            return;
        }
        String name = ctx.pathParam("name");
        Host h = sc.inventory().host(name).orElseThrow(() -> ApiError.notFound("no host " + name));
        sc.require(login.get(), Role.VIEWER, RunTargets.environments(List.of(h)), "see this host");
        Instant now = sc.clock().instant();
        String range = RANGES.containsKey(ctx.queryParam("range")) ? ctx.queryParam("range") : "24h";
        Duration window = RANGES.get(range);
        List<MetricSample> series = metrics.series(name, now.minus(window), now);
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<h1>").append(Html.esc(name)).append("</h1><table id=facts>");
        fact(sb, "address", h.ssh().address() + ":" + h.ssh().port());
        fact(sb, "user", h.ssh().user());
        fact(sb, "environment", h.environment() == null ? RunTargets.DEFAULT_ENVIRONMENT : h.environment());
        fact(sb, "groups", String.join(", ", h.groups()));
        StringBuilder labels = new StringBuilder();
        new java.util.TreeMap<>(h.labels()).forEach((k, v) -> labels.append(labels.isEmpty() ? "" : ", ").append(k)
                .append('=').append(v));
        fact(sb, "labels", labels.toString());
        sb.append("</table><h2>Latest metrics</h2>");
        if (series.isEmpty()) {
            sb.append("<p class=empty>No samples in the last ").append(range).append(".</p>");
        } else {
            MetricSample s = series.getLast();
            sb.append("<p id=latest>").append(Html.esc(s.at())).append(s.up() ? " up" : " <b class=" + s.state() + ">"
                            + s.state().replace('-', ' ') + "</b> " + Html.esc(s.error())).append(" · cpu ").append(FleetPage.pct(s.cpuPercent())).append(" · mem ")
                    .append(FleetPage.pct(s.memPercent())).append(" · disk ").append(FleetPage.pct(s.diskPercent()))
                    .append(" · load ").append(s.load1() == null ? "?" : String.format("%.2f", s.load1())).append("</p>");
        }
        sb.append("<h2>Last ").append(range).append("</h2><nav aria-label=\"Chart range\" class=pages>");
        for (String r : RANGES.keySet()) {
            sb.append("<a href=\"/hosts/").append(Html.seg(name)).append("?range=").append(r).append('"')
                    .append(r.equals(range) ? " aria-current=true" : "").append('>').append(r).append("</a>");
        }
        sb.append("</nav><div class=charts>")
                .append(Charts.line("CPU", "%", series, MetricSample::cpuPercent, 100))
                .append(Charts.line("Memory", "%", series, MetricSample::memPercent, 100))
                .append(Charts.line("Disk (fullest)", "%", series, MetricSample::diskPercent, 100))
                .append(Charts.line("Load (1 min)", "", series, MetricSample::load1, 0)).append("</div>");
        recentRuns(sb, name);
        Html.send(ctx, 200, name, login.get(), sb);
    }

    private void recentRuns(StringBuilder sb, String name) {
        sb.append("<h2>Recent runs</h2><table id=recent><tr><th>run</th><th>status</th><th>started</th></tr>");
        for (RunQueries.HostRun r : queries.hostRuns(name, RECENT_RUNS_SCANNED)) {
            sb.append("<tr><td><a href=\"/runs/").append(Html.seg(r.runId())).append("/hosts/").append(Html.seg(name))
                    .append("\">").append(Html.esc(r.runId())).append("</a></td><td class=").append(Html.esc(r.status()))
                    .append('>').append(Html.esc(r.status())).append("</td><td>").append(Html.esc(r.startedAt()))
                    .append("</td></tr>");
        }
        sb.append("</table>");
    }

    private static void fact(StringBuilder sb, String key, String value) {
        sb.append("<tr><th>").append(key).append("</th><td>").append(Html.esc(value)).append("</td></tr>");
    }
}
