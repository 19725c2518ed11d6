package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.OpenSshFleet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sshd processes at OpenSSH's default MaxStartups (10:30:100), 16 hosts each, hit with a
 * fan-out of every host at once: sshd drops handshakes beyond 10 unauthenticated connections,
 * and muster must still reach every host (handshake limiter + retry of pre-auth drops).
 */
class MaxStartupsTest {
    @TempDir
    Path tmp;

    @Test
    void everyHostIsReachedDespiteSshdDroppingExcessHandshakes() throws Exception {
        OpenSshFleet.assumeAvailable();
        try (OpenSshFleet fleet = OpenSshFleet.builder().hosts(64).baseAddress("127.0.23.1").perHostDirs(false)
                .hostsPerSshd(16).maxStartups("10:30:100").start()) {
            CliResult r = CliResult.run(List.of("run", "all", "-f", "64", "--retries", "0", "--json",
                    "-i", fleet.inventory().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--identity", fleet.clientKey().privateKeyFile().toString(), "--store", tmp.toString(),
                    "--", "true"));
            assertThat(r.outLines()).last().asString().contains("\"ok\":64").contains("\"unreachable\":0");
            assertThat(r.exit()).isZero();
        }
    }
}
