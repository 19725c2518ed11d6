package dev.muster.cli.command;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricsCollector;
import dev.muster.probe.metrics.Snapshot;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One `muster top` refresh after another over the same pooled sessions: one snapshot per host per
 * refresh, rates against the host's last good snapshot (so one missed refresh does not blank its
 * rates). The first refresh may connect and gets the full timeouts; later ones are bounded by a
 * per-host timeout shorter than the interval, so a host that stopped answering cannot hold the
 * screen back.
 */
final class TopSampler {
    private final Transport transport;
    private final List<Host> hosts;
    private final int forks;
    private final Duration userTimeout;
    private final Duration connectTimeout;
    private final Map<String, Snapshot> last = new HashMap<>();
    private MetricsCollector.Round previous;
    private int number;

    /** @param userTimeout --timeout, or null for none */
    TopSampler(Transport transport, List<Host> hosts, int forks, Duration userTimeout, Duration connectTimeout) {
        this.transport = transport;
        this.hosts = List.copyOf(hosts);
        this.forks = forks;
        this.userTimeout = userTimeout;
        this.connectTimeout = connectTimeout;
    }

    /** One refresh's metrics, in inventory order. */
    record Refresh(int number, List<HostMetrics> metrics, Duration took, LocalTime at, PoolStats pool) {
        /** The first refresh has levels only: rates need two snapshots. */
        boolean hasRates() {
            return number > 0;
        }
    }

    /** Takes one snapshot of every host; null when interrupted (nothing half-done is returned). */
    Refresh next(Duration interval) throws InterruptedException {
        long t0 = System.nanoTime();
        ExecutorOptions options = new ExecutorOptions(forks, hostTimeout(interval), null, null, 0);
        MetricsCollector.Round round = new MetricsCollector(transport, options).snapshot(hosts, null);
        if (Thread.currentThread().isInterrupted() || round.result().cancelled()) {
            throw new InterruptedException("top refresh cancelled");
        }
        MetricsCollector.Round before = previous == null ? null : new MetricsCollector.Round(Map.copyOf(last),
                previous.result());
        List<HostMetrics> metrics = MetricsCollector.compare(hosts, before, round);
        last.putAll(round.snapshots());
        previous = round;
        return new Refresh(number++, metrics, Duration.ofNanos(System.nanoTime() - t0), LocalTime.now(),
                transport.stats());
    }

    Duration hostTimeout(Duration interval) {
        return hostTimeout(previous == null, interval, userTimeout, connectTimeout);
    }

    /** The first refresh connects (connect timeout); later ones get 3/4 of the interval, at least 250ms. */
    static Duration hostTimeout(boolean first, Duration interval, Duration userTimeout, Duration connectTimeout) {
        Duration limit = first ? connectTimeout.plus(interval)
                : max(interval.multipliedBy(3).dividedBy(4), Duration.ofMillis(250));
        return userTimeout == null || userTimeout.compareTo(limit) > 0 ? limit : userTimeout;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
