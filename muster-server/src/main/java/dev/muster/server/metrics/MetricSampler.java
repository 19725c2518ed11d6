package dev.muster.server.metrics;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.Filesystem;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricsCollector;
import dev.muster.probe.metrics.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the fleet's metrics (one exec per host, through the caller's transport: the server's
 * warm SSH pool) and stores them. The caller schedules {@link #sample} at its interval; rates and
 * CPU come from the previous round this sampler took, so the first round has none.
 */
public final class MetricSampler {
    private final MetricsCollector collector;
    private final MetricStore store;
    private final Clock clock;
    private MetricsCollector.Round previous;
    private volatile LatestRound latest;
    private volatile RoundListener listener = RoundListener.NONE;

    /** Told of every round after it is stored (the Kafka export rides these rounds; it must not block). */
    public interface RoundListener {
        RoundListener NONE = (at, hosts, metrics) -> { };

        void round(Instant at, List<Host> hosts, List<HostMetrics> metrics);
    }

    /** The newest round, as /metrics exports it: every host's metrics and the snapshots they came from. */
    public record LatestRound(Instant at, List<HostMetrics> metrics, Map<String, Snapshot> snapshots) {
    }

    public MetricSampler(Transport transport, ExecutorOptions options, MetricStore store, Clock clock) {
        this.collector = new MetricsCollector(transport, options);
        this.store = store;
        this.clock = clock;
    }

    /** One round over {@code hosts}: sampled, stored, and returned in the order of {@code hosts}. */
    public synchronized List<MetricSample> sample(List<Host> hosts) throws InterruptedException {
        MetricsCollector.Round round = collector.snapshot(hosts, null);
        Instant at = clock.instant();
        List<HostMetrics> metrics = MetricsCollector.compare(hosts, previous, round);
        List<MetricSample> out = new ArrayList<>(metrics.size());
        for (HostMetrics m : metrics) {
            out.add(m.ok() ? sample(m, at, round.snapshots().get(m.host()))
                    : m.state() == HostMetrics.State.FAILED ? MetricSample.probeFailed(m.host(), at, m.error())
                    : MetricSample.down(m.host(), at, m.error()));
        }
        store.save(out);
        previous = round;
        latest = new LatestRound(at, metrics, round.snapshots());
        listener.round(at, hosts, metrics);
        return out;
    }

    public void listener(RoundListener listener) {
        this.listener = listener == null ? RoundListener.NONE : listener;
    }

    /** The newest round taken, or null before the first. */
    public LatestRound latest() {
        return latest;
    }

    static MetricSample sample(HostMetrics m, Instant at, Snapshot snapshot) {
        Map<String, Double> disks = new HashMap<>();
        if (snapshot != null) {
            for (Filesystem f : snapshot.filesystems()) {
                disks.put(f.mount(), f.usedPercent());
            }
        }
        return new MetricSample(m.host(), at, true, m.cpuPercent(), m.memPercent(), m.load1(), m.cpus(),
                m.diskPercent(), disks, m.netRxBps(), m.netTxBps(), null);
    }
}
