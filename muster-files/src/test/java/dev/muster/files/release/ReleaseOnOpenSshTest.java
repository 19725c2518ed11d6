package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.artifact;
import static dev.muster.files.release.ReleaseFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.ssh.SshTransport;
import dev.muster.files.FleetTransports;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases on three real OpenSSH hosts on loopback, each with its own /srv (bind-mounted from the
 * fleet directory), so one host's failure and another's history are really separate. Skipped (with
 * the reason) without root or sshd, unless MUSTER_REQUIRE_SSHD=1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReleaseOnOpenSshTest {
    private static final String BASE = "/srv/app";
    private static OpenSshFleet fleet;
    private static SshTransport transport;
    private static List<Host> hosts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(3).baseAddress("127.0.83.1").perHostDirs(true).start();
        hosts = new InventoryLoader().load(List.of(fleet.inventory())).hosts();
        transport = FleetTransports.of(fleet);
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

    private static Map<String, Outcome> run(Step step) {
        Map<String, Outcome> byHost = new TreeMap<>();
        ReleaseFixture.runAll(step, transport, hosts).forEach(o -> byHost.put(o.host(), o));
        return byHost;
    }

    private static Path onHost(String host, String path) {
        return fleet.hostPath(host, path);
    }

    @Test
    void aFleetReleasesSwitchesAndRollsBackEachHostOnItsOwn() throws Exception {
        Map<String, Outcome> first = run(ReleaseFixture.release(artifact(tmp, "app-1", Map.of("VERSION", "1\n",
                "lib/x.jar", "x".repeat(300_000))), Path.of(BASE), context(tmp, "r1", false, false), "owner", "root:root"));
        assertThat(first.values()).allSatisfy(o -> assertThat(o.status()).as(o.host() + ": " + o.message() + o.stderr())
                .isEqualTo(Status.CHANGED));

        // host02 refuses the next release in its build: it keeps app-1, the others move on
        Files.writeString(Files.createDirectories(onHost("host02", "/srv/flags")).resolve("fail"), "");
        Map<String, Outcome> second = run(ReleaseFixture.release(artifact(tmp, "app-2", Map.of("VERSION", "2\n",
                "lib/x.jar", "x".repeat(300_000))), Path.of(BASE), context(tmp, "r2", false, false),
                "build", "test ! -e /srv/flags/fail || { echo 'flagged' >&2; exit 1; }", "keep", 1));
        assertThat(second.get("host01").status()).isEqualTo(Status.CHANGED);
        assertThat(second.get("host01").stdout()).isEqualTo("~ VERSION (content, 2 B)\n");
        assertThat(second.get("host02").status()).isEqualTo(Status.FAILED);
        assertThat(second.get("host02").stderr()).contains("flagged");
        assertThat(Files.readSymbolicLink(onHost("host02", BASE + "/current"))).isEqualTo(Path.of("releases/app-1"));
        assertThat(onHost("host02", BASE + "/releases/app-2.partial")).doesNotExist();
        assertThat(onHost("host03", BASE + "/current/VERSION")).hasContent("2");
        assertThat(onHost("host03", BASE + "/releases/app-1/VERSION")).hasContent("1");   // keep 1 keeps previous

        Map<String, Outcome> list = run(Releases.listStep(BASE));
        assertThat(list.get("host01").stdout()).isEqualTo("current: app-2\nprevious: app-1\nreleases: app-1 app-2\n");
        assertThat(list.get("host02").stdout()).isEqualTo("current: app-1\nprevious: -\nreleases: app-1\n");

        Map<String, Outcome> back = run(Releases.switchStep(BASE, "app-1"));
        assertThat(back.get("host01").status()).isEqualTo(Status.CHANGED);
        assertThat(back.get("host02").status()).isEqualTo(Status.OK);
        assertThat(onHost("host03", BASE + "/current/VERSION")).hasContent("1");
        assertThat(Files.readAllLines(onHost("host03", BASE + "/revisions.log"))).hasSize(3);

        // check mode against real hosts: reports the switch forward, writes nothing
        Map<String, Outcome> check = run(ReleaseFixture.release(tmp.resolve("app-2.tar.gz"), Path.of(BASE),
                context(tmp, "r3", true, false)));
        assertThat(check.get("host01").message()).startsWith("would release app-2 (now app-1)");
        assertThat(onHost("host01", BASE + "/current/VERSION")).hasContent("1");
        assertThat(Files.readAllLines(onHost("host01", BASE + "/revisions.log"))).hasSize(3);
    }
}
