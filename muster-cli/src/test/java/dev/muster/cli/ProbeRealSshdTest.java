package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.HttpTarget;
import dev.muster.testkit.OpenSshFleet;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster check` and `muster metrics` against 5 real OpenSSH hosts on loopback (one shared
 * kernel, so every host reads the same /proc). Skipped where sshd or root is missing, unless
 * MUSTER_REQUIRE_SSHD=1.
 */
@Timeout(120)
class ProbeRealSshdTest {
    private static OpenSshFleet fleet;
    private static HttpTarget service;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        fleet = OpenSshFleet.builder().hosts(5).baseAddress("127.0.46.1").start();
        // a service every host reaches on one loopback address (think: bound to localhost)
        service = HttpTarget.start("127.0.3.51");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    @Test
    void metricsPrintsARowForEveryRealHost() {
        CliResult r = muster("metrics", "all", "--interval", "300ms");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines().stream().filter(l -> l.matches("host0[1-5] +\\d+\\.\\d .*"))).hasSize(5);
        assertThat(r.out()).contains("metrics: 5 hosts · 5 ok · 0 unreachable · 0 failed");
        assertThat(r.out()).doesNotContain("could not read");
    }

    @Test
    void commandAndOnHostChecksPassOverRealSsh() {
        CliResult cmd = muster("check", "all", "--cmd", "test -r /proc/uptime");
        assertThat(cmd.exit()).as(cmd.err()).isZero();
        assertThat(cmd.out()).containsPattern("host\\[01-05\\] \\(5\\): passing");

        CliResult http = muster("check", "all", "--from", "host", "--http",
                "http://127.0.3.51:" + service.port() + "/health?from={name}", "--body-matches", "UP");
        assertThat(http.exit()).as(http.out() + http.err()).isZero();
        assertThat(http.out()).containsPattern("host\\[01-05\\] \\(5\\): passing");
    }
}
