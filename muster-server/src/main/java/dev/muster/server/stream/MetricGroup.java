package dev.muster.server.stream;

import dev.muster.core.Keyed;
import dev.muster.probe.metrics.HostMetrics;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The metrics exported, in groups that share an interval. Each metric names its unit; a metric
 * whose value could not be read (or, for rates and CPU, the first round) is left out, never sent
 * as zero.
 */
public enum MetricGroup implements Keyed {
    CPU(Duration.ofSeconds(10), List.of(
            new Metric("cpu_percent", "percent", HostMetrics::cpuPercent),
            new Metric("load1", "load", HostMetrics::load1))),
    MEMORY(Duration.ofSeconds(10), List.of(
            new Metric("mem_percent", "percent", HostMetrics::memPercent),
            new Metric("swap_percent", "percent", HostMetrics::swapPercent))),
    DISK_IO(Duration.ofSeconds(30), List.of(
            new Metric("disk_read_bytes_per_second", "bytes_per_second", HostMetrics::diskReadBps),
            new Metric("disk_write_bytes_per_second", "bytes_per_second", HostMetrics::diskWriteBps),
            new Metric("disk_read_iops", "operations_per_second", HostMetrics::readIops),
            new Metric("disk_write_iops", "operations_per_second", HostMetrics::writeIops))),
    NETWORK(Duration.ofSeconds(30), List.of(
            new Metric("net_rx_bytes_per_second", "bytes_per_second", HostMetrics::netRxBps),
            new Metric("net_tx_bytes_per_second", "bytes_per_second", HostMetrics::netTxBps)));

    /** One exported metric: its name in the schema, its unit, and where its value comes from. */
    public record Metric(String name, String unit, Function<HostMetrics, Double> value) {
    }

    private final Duration defaultInterval;
    private final List<Metric> metrics;

    MetricGroup(Duration defaultInterval, List<Metric> metrics) {
        this.defaultInterval = defaultInterval;
        this.metrics = metrics;
    }

    public Duration defaultInterval() {
        return defaultInterval;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** The group named {@code key}, or null. */
    public static MetricGroup of(String key) {
        for (MetricGroup g : values()) {
            if (g.key().equals(key)) {
                return g;
            }
        }
        return null;
    }
}
