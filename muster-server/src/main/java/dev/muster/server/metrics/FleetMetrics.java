package dev.muster.server.metrics;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.PrometheusText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's latest stored samples as Prometheus text, for the server's /metrics: the probe
 * module's gauges (labelled host, group, env), plus per-file-system use. A host whose latest
 * sample is older than {@code stale} is reported down rather than with old numbers.
 */
public final class FleetMetrics {
    private final MetricStore store;
    private final Clock clock;
    private final Duration stale;

    public FleetMetrics(MetricStore store, Clock clock, Duration stale) {
        this.store = store;
        this.clock = clock;
        this.stale = stale;
    }

    /** @param inventory for the group and env labels; hosts not in it get empty labels */
    public String prometheus(Inventory inventory) {
        List<MetricSample> latest = store.latest();
        Map<String, Host> hosts = new HashMap<>();
        inventory.hosts().forEach(h -> hosts.put(h.name(), h));
        List<HostMetrics> metrics = new ArrayList<>(latest.size());
        StringBuilder disks = new StringBuilder();
        for (MetricSample s : latest) {
            boolean fresh = s.up() && !s.at().isBefore(clock.instant().minus(stale));
            metrics.add(fresh ? metrics(s) : new HostMetrics(s.host(), HostMetrics.State.FAILED,
                    s.up() ? "no sample since " + s.at() : s.error(), null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, List.of()));
            if (fresh) {
                new TreeMap<>(s.disks()).forEach((mount, pct) -> disks.append("muster_filesystem_used_percent{host=\"")
                        .append(PrometheusText.escape(s.host())).append("\",mount=\"")
                        .append(PrometheusText.escape(mount)).append("\"} ").append(pct).append('\n'));
            }
        }
        StringBuilder sb = new StringBuilder(PrometheusText.of(metrics, hosts));
        sb.append("# HELP muster_filesystem_used_percent use of each real file system, 0-100\n")
                .append("# TYPE muster_filesystem_used_percent gauge\n").append(disks);
        return sb.toString();
    }

    private static HostMetrics metrics(MetricSample s) {
        return new HostMetrics(s.host(), HostMetrics.State.OK, null, s.cpuPercent(), s.cpus(), s.load1(), null, null,
                s.memPercent(), null, null, s.diskPercent(), null, s.netRxBps(), s.netTxBps(), null, null, null, null,
                null, List.of());
    }
}
