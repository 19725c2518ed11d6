package dev.muster.server.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One host's metrics at one sampling round, as stored for charts. Numbers are null when they
 * could not be read; rates and CPU are null on the first round (they need two).
 *
 * @param up          whether the host answered
 * @param diskPercent use of the fullest real file system
 * @param disks       use of every real file system, by mount point
 * @param error       why the host did not answer, or null
 * @param reached     whether SSH reached the host: false with {@code up} when only the probe failed on it
 */
public record MetricSample(String host, Instant at, boolean up, Double cpuPercent, Double memPercent, Double load1,
                           Integer cpus, Double diskPercent, Map<String, Double> disks, Double netRxBps,
                           Double netTxBps, String error, boolean reached) {
    public MetricSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        disks = disks == null ? Map.of() : Map.copyOf(disks);
        reached = reached || up;
    }

    public MetricSample(String host, Instant at, boolean up, Double cpuPercent, Double memPercent, Double load1,
                        Integer cpus, Double diskPercent, Map<String, Double> disks, Double netRxBps,
                        Double netTxBps, String error) {
        this(host, at, up, cpuPercent, memPercent, load1, cpus, diskPercent, disks, netRxBps, netTxBps, error, up);
    }

    /** The host could not be reached (SSH failed). */
    public static MetricSample down(String host, Instant at, String error) {
        return new MetricSample(host, at, false, null, null, null, null, null, Map.of(), null, null, error, false);
    }

    /** SSH reached the host but the probe failed on it (exit 127, timeout): the host is not down. */
    public static MetricSample probeFailed(String host, Instant at, String error) {
        return new MetricSample(host, at, false, null, null, null, null, null, Map.of(), null, null, error, true);
    }

    /** "up", "down" (unreachable) or "probe-failed"; the {@code up} column stores 1, 0 or {@link #PROBE_FAILED}. */
    public String state() {
        return up ? "up" : reached ? "probe-failed" : "down";
    }

    /** The stored {@code up} value of a host reached whose probe failed. */
    public static final int PROBE_FAILED = 2;
}
