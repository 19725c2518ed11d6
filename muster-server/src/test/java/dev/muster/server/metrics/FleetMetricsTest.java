package dev.muster.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Inventory;
import dev.muster.probe.metrics.Filesystem;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.NetCounters;
import dev.muster.probe.metrics.Snapshot;
import dev.muster.server.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetMetricsTest {
    private final ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");

    @Test
    void theNewestRoundRendersAsPrometheusTextWithHostLabelsAndTurnsDownWhenStale() {
        Snapshot snapshot = new Snapshot(null, 2, null, null, Map.of(),
                Map.of("eth0", new NetCounters("eth0", 100, 50), "lo", new NetCounters("lo", 9, 9)), 100.0,
                List.of(new Filesystem("/dev/sda1", "/var", 100, 12, 88)), List.of(), 0);
        HostMetrics up = new HostMetrics("web\"1", HostMetrics.State.OK, null, 12.5, 2, 0.5, null, null, 40.0, false,
                null, 12.0, "/var", null, null, null, null, null, null, 100.0, List.of());
        MetricSampler.LatestRound round = new MetricSampler.LatestRound(clock.instant(),
                List.of(up, HostMetrics.down("web2", HostMetrics.State.UNREACHABLE, "refused")), Map.of("web\"1", snapshot));
        FleetMetrics fleet = new FleetMetrics(() -> round, clock, Duration.ofMinutes(5));
        Inventory none = Inventory.of(List.of(), Map.of());

        assertThat(fleet.prometheus(none)).contains("muster_host_up{host=\"web\\\"1\",group=\"\",env=\"\"} 1")
                .contains("muster_host_up{host=\"web2\",group=\"\",env=\"\"} 0")
                .contains("muster_cpu_busy_ratio{host=\"web\\\"1\",group=\"\",env=\"\"} 0.125")
                .contains("muster_network_receive_bytes_total{host=\"web\\\"1\",group=\"\",env=\"\"} 100")
                .contains("muster_filesystem_used_ratio{host=\"web\\\"1\",group=\"\",env=\"\",mount=\"/var\"} 0.12")
                .doesNotContain("muster_cpu_busy_ratio{host=\"web2\"");

        clock.advance(Duration.ofMinutes(10));
        assertThat(fleet.prometheus(none)).contains("muster_host_up{host=\"web\\\"1\",group=\"\",env=\"\"} 0")
                .doesNotContain("muster_cpu_busy_ratio{");
    }

    @Test
    void beforeTheFirstRoundThereAreHeadersOnly() {
        String text = new FleetMetrics(() -> null, clock, Duration.ofMinutes(5)).prometheus(Inventory.of(List.of(), Map.of()));
        assertThat(text).contains("# TYPE muster_host_up gauge").doesNotContain("{");
    }
}
