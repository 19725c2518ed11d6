package dev.muster.probe.metrics;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prometheus text exposition format (version 0.0.4): for each metric a HELP and TYPE line, then
 * one series per host, labelled host, group (the host's
 * groups but "all", comma-separated) and env.
 */
public final class PrometheusText {
    private record Gauge(String name, String help, Function<HostMetrics, Double> value) {
    }

    private static final List<Gauge> GAUGES = List.of(
            new Gauge("muster_host_up", "1 when the host answered the metrics sample, else 0",
                    m -> m.ok() ? 1.0 : 0.0),
            new Gauge("muster_cpu_busy_percent", "CPU busy share between two samples, all CPUs, 0-100",
                    HostMetrics::cpuPercent),
            new Gauge("muster_load1", "1-minute load average", HostMetrics::load1),
            new Gauge("muster_load5", "5-minute load average", HostMetrics::load5),
            new Gauge("muster_load15", "15-minute load average", HostMetrics::load15),
            new Gauge("muster_memory_used_percent", "memory in use (total minus available), 0-100",
                    HostMetrics::memPercent),
            new Gauge("muster_swap_used_percent", "swap in use, 0-100", HostMetrics::swapPercent),
            new Gauge("muster_disk_used_percent", "use of the fullest real file system, 0-100",
                    HostMetrics::diskPercent),
            new Gauge("muster_network_receive_bytes_per_second", "bytes/s received, all interfaces but lo",
                    HostMetrics::netRxBps),
            new Gauge("muster_network_transmit_bytes_per_second", "bytes/s sent, all interfaces but lo",
                    HostMetrics::netTxBps),
            new Gauge("muster_disk_read_bytes_per_second", "bytes/s read from whole disks",
                    HostMetrics::diskReadBps),
            new Gauge("muster_disk_write_bytes_per_second", "bytes/s written to whole disks",
                    HostMetrics::diskWriteBps),
            new Gauge("muster_disk_read_iops", "reads/s completed by whole disks", HostMetrics::readIops),
            new Gauge("muster_disk_write_iops", "writes/s completed by whole disks", HostMetrics::writeIops),
            new Gauge("muster_uptime_seconds", "seconds since the host booted", HostMetrics::uptimeSeconds));

    private PrometheusText() {
    }

    /** @param hosts inventory hosts by name, for the group and env labels (a missing one gets empty labels) */
    public static String of(List<HostMetrics> metrics, Map<String, Host> hosts) {
        StringBuilder sb = new StringBuilder();
        for (Gauge g : GAUGES) {
            sb.append("# HELP ").append(g.name).append(' ').append(g.help).append('\n');
            sb.append("# TYPE ").append(g.name).append(" gauge\n");
            for (HostMetrics m : metrics) {
                Double v = m.ok() || g.name.equals("muster_host_up") ? g.value.apply(m) : null;
                if (v == null) {
                    continue;
                }
                Host h = hosts.get(m.host());
                sb.append(g.name).append("{host=\"").append(escape(m.host())).append("\",group=\"")
                        .append(escape(h == null ? "" : groups(h))).append("\",env=\"")
                        .append(escape(h == null || h.environment() == null ? "" : h.environment())).append("\"} ")
                        .append(number(v)).append('\n');
            }
        }
        return sb.toString();
    }

    /** The host's groups but the implicit "all", comma-separated. */
    private static String groups(Host h) {
        return String.join(",", h.groups().stream().filter(g -> !g.equals(Inventory.ALL)).toList());
    }

    /** Label values escape backslash, double quote and line feed. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        // Java's shortest round-trip form (1.5, 2.5E7) is what Prometheus' float parser reads
        return Double.toString(v);
    }
}
