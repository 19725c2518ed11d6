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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /}: the fleet at a glance. Host counts by health (latest metric sample, last inspection
 * report), each a link that filters; a search form ({@link FleetFilter}); a heat map of CPU, memory
 * and disk use with each host's name; and the list of matching hosts with their last run,
 * {@link #PAGE} hosts a page, so 2,000 hosts stay a small page.
 */
final class FleetPage {
    static final int PAGE = 100;
    /** A host's "last run" is looked for among this many newest runs (a bounded read; older shows as none). */
    static final int LAST_RUN_SCAN = 200;
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
    private final RunQueries queries;
    private volatile Failing failing = new Failing("", Set.of());

    FleetPage(ServerContext sc, HeatCells metrics, ReportStore reports, RunQueries queries) {
        this.sc = sc;
        this.queries = queries;
        this.metrics = metrics;
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.get("/", this::overview);
    }

    /** A host the viewer may see, with its health. */
    private record Seen(Host host, Health health) {
    }

    private void overview(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isEmpty()) {
            return;
        }
        Principal p = login.get();
        sc.requireAnywhere(p, Role.VIEWER);
        FleetFilter f = FleetFilter.of(ctx);
        Map<String, HeatCells.Cell> latest = metrics.latest();
        Set<String> failing = failing();
        Instant now = sc.clock().instant();
        Set<String> envs = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Map<Health, Integer> counts = new EnumMap<>(Health.class);
        for (Health h : Health.values()) {
            counts.put(h, 0);
        }
        int visible = 0;
        List<Seen> shown = new ArrayList<>();
        for (Host h : sc.inventory().hosts()) {
            if (!p.may(Role.VIEWER, RunTargets.environments(List.of(h)))) {
                continue;
            }
            visible++;
            envs.add(FleetFilter.environment(h));
            groups.addAll(h.groups());
            if (!f.matches(h)) {
                continue;
            }
            Health health = health(latest.get(h.name()), failing.contains(h.name()), now);
            counts.merge(health, 1, Integer::sum);
            if (f.state().isEmpty() || f.state().equals(health.key())) {
                shown.add(new Seen(h, health));
            }
        }
        int from = Math.min(f.page() * PAGE, shown.size());
        int to = Math.min(from + PAGE, shown.size());
        List<Seen> page = shown.subList(from, to);
        Map<String, RunQueries.LastRun> last = queries.lastRuns(page.stream().map(s -> s.host().name()).toList(),
                LAST_RUN_SCAN);
        StringBuilder sb = new StringBuilder(4096 + page.size() * 700);
        sb.append("<h1>Fleet</h1>");
        filters(sb, f, envs, groups);
        sb.append("<p class=counts id=health aria-label=\"Hosts by health (links filter)\">");
        counts.forEach((h, n) -> sb.append("<a class=").append(h.key()).append(" href=\"")
                .append(f.link(h.key().equals(f.state()) ? "" : h.key(), 0)).append('"')
                .append(h.key().equals(f.state()) ? " aria-current=true" : "").append('>').append(h.label()).append(' ')
                .append(n).append("</a>"));
        sb.append("</p><p id=matching>").append(shown.size()).append(" of ").append(visible)
                .append(" hosts match; showing ").append(from + (to > from ? 1 : 0)).append('–').append(to)
                .append(". Each cell: the host's name over CPU, memory, disk (left to right); green low, red high, "
                        + "black down (unreachable), striped probe failed (reached, but the metrics probe failed), "
                        + "grey no data.</p><div class=heat id=heat>");
        for (Seen s : page) {
            cell(sb, s.host().name(), latest.get(s.host().name()));
        }
        sb.append("</div>");
        table(sb, p, page, latest, last);
        sb.append("<nav class=pages aria-label=\"Host pages\">");
        if (f.page() > 0) {
            sb.append("<a rel=prev href=\"").append(f.link(f.state(), f.page() - 1)).append("\">Previous hosts</a>");
        }
        if (to < shown.size()) {
            sb.append("<a rel=next href=\"").append(f.link(f.state(), f.page() + 1)).append("\">Next hosts</a>");
        }
        Html.send(ctx, 200, "Fleet", p, sb.append("</nav>"));
    }

    private static void filters(StringBuilder sb, FleetFilter f, Set<String> envs, Set<String> groups) {
        sb.append("<form id=filters method=get action=\"/\" role=search aria-label=\"Find hosts\">")
                .append("<label>Search <input type=search name=q size=24 value=\"").append(Html.esc(f.q()))
                .append("\" placeholder=\"name, group, key=value\"></label>");
        select(sb, "Environment", "env", f.env(), envs);
        select(sb, "Group", "group", f.group(), groups);
        List<String> states = new ArrayList<>();
        for (Health h : Health.values()) {
            states.add(h.key());
        }
        select(sb, "State", "state", f.state(), states);
        sb.append("<button>Filter</button>");
        if (f.filtered()) {
            sb.append(" <a href=\"/\">Clear filters</a>");
        }
        sb.append("</form>");
    }

    private static void select(StringBuilder sb, String label, String name, String chosen, java.util.Collection<String> values) {
        sb.append("<label>").append(label).append(" <select name=").append(name).append("><option value=\"\">any</option>");
        for (String v : values) {
            sb.append("<option").append(v.equals(chosen) ? " selected" : "").append(" value=\"").append(Html.esc(v))
                    .append("\">").append(Html.esc(v)).append("</option>");
        }
        sb.append("</select></label> ");
    }

    /** The page's hosts as rows; a last run in an environment the viewer may not see is not shown. */
    private void table(StringBuilder sb, Principal p, List<Seen> page, Map<String, HeatCells.Cell> latest,
                       Map<String, RunQueries.LastRun> last) {
        sb.append("<div class=scroll><table id=hostlist><caption>Hosts</caption><tr><th>host</th><th>environment</th>"
                + "<th>groups</th><th>labels</th><th>state</th><th>CPU</th><th>memory</th><th>disk</th>"
                + "<th>last run</th></tr>");
        for (Seen s : page) {
            Host h = s.host();
            HeatCells.Cell c = latest.get(h.name());
            boolean values = c != null && c.up();
            sb.append("<tr><td><a href=\"/hosts/").append(Html.seg(h.name())).append("\">").append(Html.esc(h.name()))
                    .append("</a></td><td>").append(Html.esc(FleetFilter.environment(h))).append("</td><td>")
                    .append(Html.esc(String.join(", ", h.groups()))).append("</td><td>")
                    .append(Html.esc(String.join(", ", FleetFilter.labels(h.labels())))).append("</td><td class=")
                    .append(s.health().key()).append('>').append(s.health().label()).append("</td><td>")
                    .append(values ? pct(c.cpu()) : "–").append("</td><td>").append(values ? pct(c.mem()) : "–")
                    .append("</td><td>").append(values ? pct(c.disk()) : "–").append("</td><td>");
            RunQueries.LastRun run = last.get(h.name());
            if (run != null && p.may(Role.VIEWER, runEnvironments(run, h))) {
                sb.append("<a href=\"/runs/").append(Html.seg(run.runId())).append("\" class=").append(Html.esc(run.status()))
                        .append('>').append(Html.esc(run.status())).append("</a> ")
                        .append(run.startedAt() == null ? "" : Html.esc(run.startedAt().toString()));
            } else {
                sb.append("–");
            }
            sb.append("</td></tr>");
        }
        if (page.isEmpty()) {
            sb.append("<tr><td colspan=9 class=empty>No host matches.</td></tr>");
        }
        sb.append("</table></div>");
    }

    private static Set<String> runEnvironments(RunQueries.LastRun run, Host h) {
        if (run.environment() == null || run.environment().isBlank()) {
            return RunTargets.environments(List.of(h));
        }
        return new TreeSet<>(Arrays.asList(run.environment().split(",")));
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
        String bars;
        if (s == null) {
            sb.append(": no data");
            bars = "<i class=nd></i><i class=nd></i><i class=nd></i>";
        } else if (!s.up() && s.reached()) {
            sb.append(": probe failed");
            bars = "<i class=pf></i><i class=pf></i><i class=pf></i>";
        } else if (!s.up()) {
            sb.append(": down");
            bars = "<i class=dn></i><i class=dn></i><i class=dn></i>";
        } else {
            sb.append(" cpu ").append(pct(s.cpu())).append(" mem ").append(pct(s.mem())).append(" disk ")
                    .append(pct(s.disk()));
            bars = "<i class=" + level(s.cpu()) + "></i><i class=" + level(s.mem()) + "></i><i class=" + level(s.disk())
                    + "></i>";
        }
        sb.append("\"><span>").append(Html.esc(name)).append("</span><b aria-hidden=true>").append(bars).append("</b></a>");
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
