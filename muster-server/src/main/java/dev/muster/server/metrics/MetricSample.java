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
 */
public record MetricSample(String host, Instant at, boolean up, Double cpuPercent, Double memPercent, Double load1,
                           Integer cpus, Double diskPercent, Map<String, Double> disks, Double netRxBps,
                           Double netTxBps, String error) {
    public MetricSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        disks = disks == null ? Map.of() : Map.copyOf(disks);
    }

    public static MetricSample down(String host, Instant at, String error) {
        return new MetricSample(host, at, false, null, null, null, null, null, Map.of(), null, null, error);
    }
}
