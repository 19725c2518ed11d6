package dev.muster.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two sampling rounds over SSH against SHELL-mode fake hosts (they read this machine's /proc). */
@Timeout(120)
class MetricSamplerOnFakeFleetTest {
    @TempDir
    Path tmp;

    @Test
    void roundsAreStoredAndTheSecondHasRates() throws Exception {
        ManualClock clock = new ManualClock("2026-11-27T10:00:00Z");
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).namePrefix("m").commandMode(CommandMode.SHELL)
                .baseAddress("127.0.94.1").dir(tmp.resolve("fleet")).start();
             SshTransport ssh = new SshTransport(SshTransportConfig.defaults().toBuilder()
                     .knownHostsFile(fleet.knownHosts()).identityFiles(List.of(fleet.clientKey().privateKeyFile()))
                     .useAgent(false).build())) {
            List<Host> hosts = new InventoryLoader().load(List.of(fleet.inventory())).hosts();
            MetricStore store = new MetricStore(Store.open(Database.sqlite(tmp.resolve("data")), clock), clock);
            MetricSampler sampler = new MetricSampler(ssh, ExecutorOptions.defaults(), store, clock);
            fleet.host("m02").setFaults(Fault.REFUSE);

            List<MetricSample> first = sampler.sample(hosts);
            assertThat(first.getFirst().up()).isTrue();
            assertThat(first.getFirst().memPercent()).isNotNull();
            assertThat(first.getFirst().cpuPercent()).as("no rate from one round").isNull();
            assertThat(first.getFirst().disks()).isNotEmpty();
            assertThat(first.get(1).up()).isFalse();

            clock.advance(Duration.ofMinutes(1));
            Thread.sleep(300); // the host's own clock (uptime, 10 ms steps) must move for a rate
            sampler.sample(hosts);

            assertThat(store.latest()).extracting(MetricSample::host, MetricSample::up)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("m01", true),
                            org.assertj.core.groups.Tuple.tuple("m02", false));
            assertThat(store.latest().getFirst().cpuPercent()).isNotNull();
            assertThat(store.series("m01", clock.instant().minusSeconds(120), clock.instant())).hasSize(2);
        }
    }
}
