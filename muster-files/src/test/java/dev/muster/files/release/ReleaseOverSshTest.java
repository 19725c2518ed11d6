package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.artifact;
import static dev.muster.files.release.ReleaseFixture.context;
import static dev.muster.files.release.ReleaseFixture.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.files.FleetTransports;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases over SSH and SFTP to an in-process MINA SSHD host whose commands run in a real shell on
 * this machine: the same step as through the local transport, now with SFTP uploads and renames.
 */
class ReleaseOverSshTest {
    private static FakeFleet fleet;
    private static Host host;
    private static SshTransport transport;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path fleetDir) throws Exception {
        fleet = FakeFleet.builder().dir(fleetDir).hosts(1).commandMode(CommandMode.SHELL).start();
        host = new InventoryLoader().load(fleet.inventory()).hosts().getFirst();
        transport = FleetTransports.of(fleet);
    }

    @AfterAll
    static void stop() {
        transport.close();
        fleet.close();
    }

    private Outcome run(Step step) {
        return ReleaseFixture.run(step, transport, host);
    }

    @Test
    void releaseReuseRollbackAndListOverSsh() throws Exception {
        Path base = tmp.resolve("srv/app");
        // large enough to go over SFTP rather than in the tar stream
        String big = "b".repeat(600_000);
        Outcome first = run(ReleaseFixture.release(artifact(tmp, "app-1", Map.of("big.bin", big, "VERSION", "1\n")),
                base, context(tmp, "r1", false, false)));
        assertThat(first.status()).as(first.message() + first.stderr()).isEqualTo(Status.CHANGED);

        Outcome second = run(ReleaseFixture.release(artifact(tmp, "app-2", Map.of("big.bin", big, "VERSION", "2\n")),
                base, context(tmp, "r2", false, false)));
        assertThat(second.status()).as(second.message() + second.stderr()).isEqualTo(Status.CHANGED);
        assertThat(second.stdout()).isEqualTo("~ VERSION (content, 2 B)\n");
        assertThat(second.message()).isEqualTo("released app-2 (was app-1): 1 updated, 2 B sent");
        assertThat(base.resolve("current/big.bin")).hasContent(big);
        assertThat(Files.readSymbolicLink(base.resolve("current"))).isEqualTo(Path.of("releases/app-2"));

        Outcome list = run(Releases.listStep(base.toString()));
        assertThat(list.stdout()).isEqualTo("current: app-2\nprevious: app-1\nreleases: app-1 app-2\n");

        assertThat(run(Releases.switchStep(base.toString(), "previous")).status()).isEqualTo(Status.CHANGED);
        assertThat(base.resolve("current/VERSION")).hasContent("1");
        assertThat(log(base)).hasSize(3);
        assertThat(log(base).getLast()).endsWith(" app-1 app-2 " + sha(tmp.resolve("app-1.tar.gz")) + " - rollback");
    }

    private static String sha(Path p) throws java.io.IOException {
        return dev.muster.files.Hashing.sha256(p);
    }
}
