package dev.muster.probe.metrics;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Host metrics in the Prometheus text exposition format (version 0.0.4), as both
 * {@code muster metrics --prometheus} and the server's {@code /metrics} write them, following
 * Prometheus' naming guide: levels are gauges (shares as {@code _ratio} from 0 to 1), and the
 * host's cumulative byte and operation counts are {@code _total} counters (rates are
 * Prometheus' to compute). Every series is labelled host, group (the host's groups but the
 * implicit all and ungrouped, comma-separated) and env; file systems add mount. A host that did
 * not answer has only {@code muster_host_up 0}.
 */
public final class PrometheusText {
    private record Gauge(String name, String help, Function<HostMetrics, Double> value) {
    }

    private record Counter(String name, String help, Function<Snapshot, Long> value) {
    }

    private static final List<Gauge> GAUGES = List.of(
            new Gauge("muster_cpus", "CPUs the host has", m -> m.cpus() == null ? null : m.cpus().doubleValue()),
            new Gauge("muster_cpu_busy_ratio", "CPU busy share between two samples, all CPUs together, 0-1",
                    m -> ratio(m.cpuPercent())),
            new Gauge("muster_load1", "1-minute load average", HostMetrics::load1),
            new Gauge("muster_load5", "5-minute load average", HostMetrics::load5),
            new Gauge("muster_load15", "15-minute load average", HostMetrics::load15),
            new Gauge("muster_memory_used_ratio", "memory in use (total minus available), 0-1",
                    m -> ratio(m.memPercent())),
            new Gauge("muster_swap_used_ratio", "swap in use, 0-1", m -> ratio(m.swapPercent())),
            new Gauge("muster_disk_used_ratio", "use of the fullest real file system, 0-1",
                    m -> ratio(m.diskPercent())),
            new Gauge("muster_uptime_seconds", "seconds since the host booted", HostMetrics::uptimeSeconds));

    private static final List<Counter> COUNTERS = List.of(
            new Counter("muster_network_receive_bytes_total", "bytes received since boot, all interfaces but lo",
                    s -> net(s, NetCounters::rxBytes)),
            new Counter("muster_network_transmit_bytes_total", "bytes sent since boot, all interfaces but lo",
                    s -> net(s, NetCounters::txBytes)),
            new Counter("muster_disk_read_bytes_total", "bytes read from whole disks since boot",
                    s -> disk(s, d -> d.sectorsRead() * DiskCounters.SECTOR)),
            new Counter("muster_disk_written_bytes_total", "bytes written to whole disks since boot",
                    s -> disk(s, d -> d.sectorsWritten() * DiskCounters.SECTOR)),
            new Counter("muster_disk_reads_completed_total", "reads completed by whole disks since boot",
                    s -> disk(s, DiskCounters::reads)),
            new Counter("muster_disk_writes_completed_total", "writes completed by whole disks since boot",
                    s -> disk(s, DiskCounters::writes)));

    private PrometheusText() {
    }

    /**
     * @param snapshots each answering host's latest snapshot (the counters and file systems come
     *                  from it); a host without one has no counter series
     * @param hosts     inventory hosts by name, for the group and env labels (a missing one gets empty labels)
     */
    public static String of(List<HostMetrics> metrics, Map<String, Snapshot> snapshots, Map<String, Host> hosts) {
        StringBuilder sb = new StringBuilder();
        header(sb, "muster_host_up", "1 when the host answered the metrics sample, else 0", "gauge");
        for (HostMetrics m : metrics) {
            series(sb, "muster_host_up", m.host(), hosts, null).append(m.ok() ? "1" : "0").append('\n');
        }
        for (Gauge g : GAUGES) {
            header(sb, g.name, g.help, "gauge");
            for (HostMetrics m : metrics) {
                Double v = m.ok() ? g.value.apply(m) : null;
                if (v != null && !v.isNaN()) {
                    series(sb, g.name, m.host(), hosts, null).append(number(v)).append('\n');
                }
            }
        }
        for (Counter c : COUNTERS) {
            header(sb, c.name, c.help, "counter");
            for (HostMetrics m : metrics) {
                Snapshot s = m.ok() ? snapshots.get(m.host()) : null;
                Long v = s == null ? null : c.value.apply(s);
                if (v != null) {
                    series(sb, c.name, m.host(), hosts, null).append(v).append('\n');
                }
            }
        }
        header(sb, "muster_filesystem_used_ratio", "use of each real file system, 0-1", "gauge");
        for (HostMetrics m : metrics) {
            Snapshot s = m.ok() ? snapshots.get(m.host()) : null;
            if (s != null) {
                Map<String, Filesystem> byMount = new java.util.TreeMap<>();
                s.filesystems().forEach(f -> byMount.putIfAbsent(f.mount(), f)); // one series per mount
                byMount.values().forEach(f -> series(sb, "muster_filesystem_used_ratio", m.host(), hosts, f.mount())
                        .append(number(f.usedPercent() / 100)).append('\n'));
            }
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static StringBuilder series(StringBuilder sb, String name, String host, Map<String, Host> hosts,
                                        String mount) {
        Host h = hosts.get(host);
        sb.append(name).append("{host=\"").append(escape(host)).append("\",group=\"")
                .append(escape(h == null ? "" : groups(h))).append("\",env=\"")
                .append(escape(h == null || h.environment() == null ? "" : h.environment())).append('"');
        if (mount != null) {
            sb.append(",mount=\"").append(escape(mount)).append('"');
        }
        return sb.append("} ");
    }

    private static Double ratio(Double percent) {
        return percent == null ? null : percent / 100;
    }

    /** Sum over interfaces but loopback; null when the sample had none. */
    private static Long net(Snapshot s, ToLongFunction<NetCounters> counter) {
        if (s.interfaces().isEmpty()) {
            return null;
        }
        return s.interfaces().values().stream().filter(i -> !i.iface().equals("lo")).mapToLong(counter).sum();
    }

    /** Sum over whole disks (partitions, dm, md, loop... not counted twice); null when the sample had none. */
    private static Long disk(Snapshot s, ToLongFunction<DiskCounters> counter) {
        if (s.disks().isEmpty()) {
            return null;
        }
        Set<String> names = s.disks().keySet();
        return s.disks().values().stream().filter(d -> DiskstatsParser.countsAsDisk(d.device(), names))
                .mapToLong(counter).sum();
    }

    /** The host's groups but the implicit all and ungrouped, comma-separated. */
    private static String groups(Host h) {
        return String.join(",", h.groups().stream()
                .filter(g -> !g.equals(Inventory.ALL) && !g.equals(Inventory.UNGROUPED)).toList());
    }

    /** Label values escape backslash, double quote and line feed. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        // Java's shortest round-trip form (1.5, 2.5E7) is what Prometheus' float parser reads
        return Double.toString(v);
    }
}
