package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.DemoFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo fleet answers the real metrics probe over SSH (the same script and parsers the server's
 * sampler uses) with plausible numbers that move between rounds, and its busy batch host shows
 * as degraded: what {@code muster demo --keep} + {@code muster serve} draws on the dashboard.
 */
@Timeout(120)
class DemoFleetMetricsTest {
    @TempDir
    Path dir;

    @Test
    void everyDemoHostAnswersTheProbeWithMovingPlausibleNumbers() throws Exception {
        try (DemoFleet demo = DemoFleet.start(dir);
             SshTransport ssh = new SshTransport(SshTransportConfig.defaults().toBuilder()
                     .knownHostsFile(demo.knownHosts()).identityFiles(List.of(demo.identity())).useAgent(false)
                     .build())) {
            List<Host> hosts = new InventoryLoader().load(List.of(demo.inventory())).hosts();
            MetricsCollector collector = new MetricsCollector(ssh,
                    ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(30)));
            MetricsCollector.Round first = collector.snapshot(hosts, null);
            Thread.sleep(1_100); // the hosts' clocks must move for a rate
            MetricsCollector.Round second = collector.snapshot(hosts, null);
            List<HostMetrics> all = MetricsCollector.compare(hosts, first, second);

            assertThat(all).hasSize(12);
            Map<String, HostMetrics> byHost = new HashMap<>();
            for (HostMetrics m : all) {
                byHost.put(m.host(), m);
                assertThat(m.state()).as(m.host() + ": " + m.error()).isEqualTo(HostMetrics.State.OK);
                assertThat(m.problems()).as(m.host()).isEmpty();
                assertThat(m.cpus()).isEqualTo(4);
                assertThat(m.cpuPercent()).as(m.host()).isBetween(1.0, 99.0);
                assertThat(m.memPercent()).as(m.host()).isBetween(10.0, 97.0);
                assertThat(m.diskPercent()).as(m.host()).isBetween(5.0, 95.0);
                assertThat(m.netRxBps()).as(m.host()).isPositive();
                assertThat(m.diskWriteBps()).as(m.host()).isPositive();
                assertThat(m.load1()).as(m.host()).isPositive();
            }
            // counters moved between the rounds
            assertThat(second.snapshots().get("web01").cpu().total())
                    .isGreaterThan(first.snapshots().get("web01").cpu().total());
            // the busy, nearly full batch host stands out from the quiet web hosts
            assertThat(byHost.get("batch01").cpuPercent()).isGreaterThan(byHost.get("web01").cpuPercent() + 30);
            assertThat(byHost.get("batch01").diskPercent()).isGreaterThan(90.0);
            assertThat(byHost.get("web01").diskPercent()).isLessThan(30.0);
            // hosts differ from each other (not one canned answer)
            assertThat(all.stream().map(HostMetrics::memPercent).distinct().count()).isGreaterThan(6);
        }
    }
}
