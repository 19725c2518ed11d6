package dev.muster.probe.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One host's check result.
 *
 * @param reason     why it is not passing (empty when it is), in words shared by hosts with the
 *                   same problem
 * @param latencies  every probe's latency in milliseconds, in order
 * @param httpStatus the last HTTP status received, or null
 */
public record CheckReport(String host, Verdict verdict, String reason, int probes, int passed,
                          List<Double> latencies, Integer httpStatus) {

    public CheckReport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(verdict, "verdict");
        latencies = List.copyOf(latencies);
    }

    /** Median latency of this host's probes, or null when none was measured. */
    public Double latencyP50() {
        return percentile(latencies, 50);
    }

    /** Nearest-rank percentile (0-100) of {@code values}, or null when there are none. */
    public static Double percentile(Collection<Double> values, double pct) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(pct / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
