package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.OpenSshFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metrics sampled from real OpenSSH hosts on loopback. All these hosts share this machine's
 * kernel, so /proc reads the same on each of them: a load the test creates shows on every host.
 * Per-host differences are covered by the parser tests on fixtures.
 */
@Timeout(120)
class MetricsOnRealSshdTest {
    private static OpenSshFleet fleet;
    private static SshTransport transport;
    private static List<Host> hosts;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        fleet = OpenSshFleet.builder().hosts(4).baseAddress("127.0.41.1").start();
        hosts = new InventoryLoader().load(List.of(fleet.inventory())).hosts();
        transport = new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
    }

    @AfterAll
    static void stop() {
        if (transport != null) {
            transport.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static MetricsCollector collector() {
        return new MetricsCollector(transport, ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(30)));
    }

    @Test
    void everyHostReportsEveryMetricWithoutProblems() throws Exception {
        List<HostMetrics> all = collector().sample(hosts, Duration.ofMillis(300));
        assertThat(all).extracting(HostMetrics::host).containsExactly("host01", "host02", "host03", "host04");
        for (HostMetrics m : all) {
            assertThat(m.state()).as(m.host() + " " + m.error()).isEqualTo(HostMetrics.State.OK);
            assertThat(m.problems()).as(m.host()).isEmpty();
            assertThat(m.cpuPercent()).isBetween(0.0, 100.0);
            assertThat(m.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(m.memPercent()).isBetween(0.0, 100.0);
            assertThat(m.diskPercent()).isBetween(0.0, 100.0);
            assertThat(m.netRxBps()).isNotNull().isNotNegative();
            assertThat(m.diskWriteBps()).isNotNull().isNotNegative();
            assertThat(m.uptimeSeconds()).isPositive();
            assertThat(m.load1()).isNotNegative();
        }
    }

    @Test
    void aBusyLoopOnEveryCoreShowsAsHighCpu() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            busy.add(Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (spin.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }));
        }
        try {
            // every core is kept busy (by us, or by anything else that outbids us), so the shared
            // kernel cannot report mostly idle whatever else this machine runs
            HostMetrics m = collector().sample(hosts.subList(0, 1), Duration.ofSeconds(1)).getFirst();
            assertThat(m.cpuPercent()).isGreaterThan(75.0);
        } finally {
            spin.set(false);
            for (Thread t : busy) {
                t.join();
            }
        }
    }

    @Test
    void aHostThatCannotBeReachedIsReportedUnreachable() throws Exception {
        Host closed = Host.of("gone", "127.0.41.250", 1);
        List<HostMetrics> all = collector().sample(List.of(hosts.getFirst(), closed), Duration.ofMillis(100));
        assertThat(all.get(0).ok()).isTrue();
        assertThat(all.get(1).state()).isEqualTo(HostMetrics.State.UNREACHABLE);
        assertThat(all.get(1).error()).contains("refused");
    }
}
