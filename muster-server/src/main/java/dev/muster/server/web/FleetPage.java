package dev.muster.server.web;

import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.http.ServerContext;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.ReportEntry;
import dev.muster.server.inspect.ReportStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /}: the fleet at a glance. Host counts by health (latest metric sample, last inspection
 * report) and a heat map of CPU, memory and disk use, {@link #PAGE} hosts a page, one small cell
 * per host whose colour classes are chosen here, so 2,000 hosts stay a small page.
 */
final class FleetPage {
    static final int PAGE = 500;
    /** A sample older than this says the host has not been heard from lately. */
    static final Duration STALE = Duration.ofMinutes(10);

    /** Health of a host; PROBE_FAILED: reached over SSH but the metrics probe failed there (not down). */
    enum Health {
        UP, STALE, DOWN, PROBE_FAILED, FAILING, UNKNOWN;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private final ServerContext sc;
    private final HeatCells metrics;
    private final ReportStore reports;
    private volatile Failing failing = new Failing("", Set.of());

    FleetPage(ServerContext sc, HeatCells metrics, ReportStore reports) {
        this.sc = sc;
        this.metrics = metrics;
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.get("/", this::overview);
    }

    private void overview(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isEmpty()) {
            return;
        }
        Principal p = login.get();
        sc.requireAnywhere(p, Role.VIEWER);
        List<Host> hosts = new ArrayList<>();
        for (Host h : sc.inventory().hosts()) {
            if (p.may(Role.VIEWER, RunTargets.environments(List.of(h)))) {
                hosts.add(h);
            }
        }
        Map<String, HeatCells.Cell> latest = metrics.latest();
        Set<String> failing = failing();
        Instant now = sc.clock().instant();
        Map<Health, Integer> counts = new java.util.EnumMap<>(Health.class);
        for (Health h : Health.values()) {
            counts.put(h, 0);
        }
        for (Host h : hosts) {
            counts.merge(health(latest.get(h.name()), failing.contains(h.name()), now), 1, Integer::sum);
        }
        int page = Dashboard.number(ctx, "page");
        int from = Math.min(page * PAGE, hosts.size());
        int to = Math.min(from + PAGE, hosts.size());
        StringBuilder sb = new StringBuilder(64 + (to - from) * 160);
        sb.append("<h1>Fleet</h1><p class=counts id=health>");
        counts.forEach((h, n) -> sb.append("<span class=").append(h.key()).append('>').append(h.label()).append(' ')
                .append(n).append("</span>"));
        sb.append("</p><p>").append(hosts.size()).append(" hosts; showing ").append(from + (to > from ? 1 : 0))
                .append('–').append(to).append(". Each cell: CPU, memory, disk (top to bottom); green low, red high, "
                        + "black down (unreachable), striped probe failed (reached, but the metrics probe failed), grey no data.</p><div class=heat id=heat>");
        for (Host h : hosts.subList(from, to)) {
            cell(sb, h.name(), latest.get(h.name()));
        }
        sb.append("</div><p>");
        if (page > 0) {
            sb.append("<a rel=prev href=\"/?page=").append(page - 1).append("\">Previous hosts</a> ");
        }
        if (to < hosts.size()) {
            sb.append("<a rel=next href=\"/?page=").append(page + 1).append("\">Next hosts</a>");
        }
        Html.send(ctx, 200, "Fleet", p, sb.append("</p>"));
    }

    static Health health(HeatCells.Cell s, boolean failing, Instant now) {
        if (s == null) {
            return failing ? Health.FAILING : Health.UNKNOWN;
        }
        if (!s.up()) {
            return s.reached() ? Health.PROBE_FAILED : Health.DOWN;
        }
        if (failing) {
            return Health.FAILING;
        }
        return s.at().isBefore(now.minus(STALE)) ? Health.STALE : Health.UP;
    }

    /** Hosts with a failed check in the newest inspection report (a stored report never changes: kept by id). */
    private Set<String> failing() {
        List<ReportEntry> newest = reports.list(null, 1, 0);
        if (newest.isEmpty()) {
            return Set.of();
        }
        Failing known = failing;
        if (known.reportId().equals(newest.getFirst().id())) {
            return known.hosts();
        }
        Set<String> out = new HashSet<>();
        reports.rows(newest.getFirst().id()).forEach((host, checks) -> {
            if (checks.containsValue(CheckStatus.FAIL)) {
                out.add(host);
            }
        });
        failing = new Failing(newest.getFirst().id(), Set.copyOf(out));
        return failing.hosts();
    }

    private record Failing(String reportId, Set<String> hosts) {
    }

    private static void cell(StringBuilder sb, String name, HeatCells.Cell s) {
        sb.append("<a href=\"/hosts/").append(Html.seg(name)).append("\" title=\"").append(Html.esc(name));
        if (s == null) {
            sb.append(": no data\"><i class=nd></i><i class=nd></i><i class=nd></i></a>");
        } else if (!s.up() && s.reached()) {
            sb.append(": probe failed\"><i class=pf></i><i class=pf></i><i class=pf></i></a>");
        } else if (!s.up()) {
            sb.append(": down\"><i class=dn></i><i class=dn></i><i class=dn></i></a>");
        } else {
            sb.append(" cpu ").append(pct(s.cpu())).append(" mem ").append(pct(s.mem())).append(" disk ")
                    .append(pct(s.disk())).append("\"><i class=").append(level(s.cpu())).append("></i><i class=")
                    .append(level(s.mem())).append("></i><i class=").append(level(s.disk())).append("></i></a>");
        }
    }

    static String level(Double percent) {
        if (percent == null) {
            return "nd";
        }
        return "l" + Math.max(0, Math.min(9, (int) (percent / 10)));
    }

    static String pct(Double v) {
        return v == null ? "?" : Math.round(v) + "%";
    }
}
