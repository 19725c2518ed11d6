package dev.muster.probe.metrics;

import dev.muster.core.Keyed;
import java.util.List;
import java.util.Objects;

/**
 * One host's metrics from two samples. Every number is null when it could not be read (the
 * problems say why) or, for rates, when only one sample arrived.
 *
 * @param state       whether the host answered
 * @param error       why not, when it did not
 * @param cpuPercent  busy CPU share between the samples, 0-100 (all CPUs together)
 * @param diskPercent use of the fullest real file system, named by {@code fullestMount}
 * @param netRxBps    bytes/s received on all interfaces but loopback
 * @param diskReadBps bytes/s read from whole disks (partitions and dm devices not double counted)
 */
public record HostMetrics(String host, State state, String error, Double cpuPercent, Integer cpus, Double load1,
                          Double load5, Double load15, Double memPercent, Boolean memEstimated, Double swapPercent,
                          Double diskPercent, String fullestMount, Double netRxBps, Double netTxBps,
                          Double diskReadBps, Double diskWriteBps, Double readIops, Double writeIops,
                          Double uptimeSeconds, List<String> problems) {

    public enum State implements Keyed {
        /** Both samples read. */
        OK,
        /** The SSH connection could not be made. */
        UNREACHABLE,
        /** Reached, but the sample command failed or timed out. */
        FAILED;
    }

    public HostMetrics {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A host that did not answer: no numbers, the reason. */
    public static HostMetrics down(String host, State state, String error) {
        return new HostMetrics(host, state, error, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, List.of());
    }

    public boolean ok() {
        return state == State.OK;
    }
}
