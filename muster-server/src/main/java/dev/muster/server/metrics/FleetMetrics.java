package dev.muster.server.metrics;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.PrometheusText;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fleet's newest sampling round as Prometheus text, for the server's /metrics: the very
 * series {@code muster metrics --prometheus} writes (labelled host, group, env), from the same
 * {@link PrometheusText}. A round older than {@code stale} reports every host down rather than
 * old numbers.
 */
public final class FleetMetrics {
    private final Supplier<MetricSampler.LatestRound> latest;
    private final Clock clock;
    private final Duration stale;

    public FleetMetrics(Supplier<MetricSampler.LatestRound> latest, Clock clock, Duration stale) {
        this.latest = latest;
        this.clock = clock;
        this.stale = stale;
    }

    /** @param inventory for the group and env labels; hosts not in it get empty labels */
    public String prometheus(Inventory inventory) {
        Map<String, Host> hosts = new HashMap<>();
        inventory.hosts().forEach(h -> hosts.put(h.name(), h));
        MetricSampler.LatestRound round = latest.get();
        if (round == null) {
            return PrometheusText.of(List.of(), Map.of(), hosts);
        }
        if (round.at().isBefore(clock.instant().minus(stale))) {
            List<HostMetrics> down = round.metrics().stream().map(m -> HostMetrics.down(m.host(),
                    HostMetrics.State.FAILED, "no sample since " + round.at())).toList();
            return PrometheusText.of(down, Map.of(), hosts);
        }
        return PrometheusText.of(round.metrics(), round.snapshots(), hosts);
    }
}
