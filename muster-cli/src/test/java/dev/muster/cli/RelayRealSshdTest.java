package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays on a real OpenSSH fleet on loopback: host01 is the relay (its own key, authorized on the
 * leaves, in its private /root/.ssh; the controller's key never leaves the controller), host02-06
 * are leaves with private /srv each, so every leaf's files and outcome are checked separately.
 */
@Timeout(180)
class RelayRealSshdTest {
    private static final int HOSTS = 6;
    private static final String LEAVES = "host[02-06]";
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;
    Path site;
    String dest;
    Path relays;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.170.1").perHostDirs(true).start();
        // the relay's own key (as an operator would provision it), authorized on every host
        Path key = fleet.hostPath("host01", "/root/.ssh/id_ed25519");
        Files.createDirectories(key.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "relay-host01", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Files.writeString(fleet.dir().resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")),
                StandardOpenOption.APPEND);
        for (OpenSshHost h : fleet.hosts()) {
            Path id = fleet.hostPath(h.name(), "/srv/id");
            Files.createDirectories(id.getParent());
            Files.writeString(id, h.name() + "\n");
        }
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void site() throws IOException {
        dest = SiteTree.freshDest();
        site = SiteTree.write(tmp);
        relays = tmp.resolve("relays.yaml");
        Files.writeString(relays, "relays:\n  host01: {hosts: \"" + LEAVES + "\", identity_file: /root/.ssh/id_ed25519}\n");
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    private Path on(String host, String relative) {
        return fleet.hostPath(host, dest + "/" + relative);
    }

    @Test
    void pushGoesThroughTheRelayAndEveryLeafGetsItsOwnOutcome() throws IOException {
        CliResult first = muster("push", site + "/", dest + "/", "all", "-i", relays.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(LEAVES + " (5): changed · 6 created (via relay host01)")
                .contains("host01 (1): changed · ").contains("6 changed");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(on(h.name(), "css/app.css")).hasContent("body { margin: 0 }");
            assertThat(on(h.name(), "blob.bin")).hasSameBinaryContentAs(site.resolve("blob.bin"));
            assertThat(Files.readSymbolicLink(on(h.name(), "start.html"))).isEqualTo(Path.of("index.html"));
        }
        Path privateDir = fleet.hostPath("host01", "/root/.muster-relay");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir))).isEqualTo("rwx------");
        try (Stream<Path> left = Files.list(privateDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("known_hosts excerpt removed at the end")
                    .containsExactly("stage");
        }

        CliResult noop = muster("push", site + "/", dest + "/", "all", "-i", relays.toString());
        assertThat(noop.exit()).as(noop.out() + noop.err()).isZero();
        assertThat(noop.out()).contains(LEAVES + " (5): ok · up to date (via relay host01)").contains("0 changed");

        // one leaf drifts: only that leaf changes, with its own count
        Files.writeString(on("host04", "css/app.css"), "drifted\n");
        Files.writeString(on("host04", "stray.txt"), "not in the tree\n");
        CliResult drift = muster("push", site + "/", dest + "/", "all", "-i", relays.toString(), "--delete",
                "--on-change", "cat /srv/id");
        assertThat(drift.exit()).as(drift.out() + drift.err()).isZero();
        assertThat(drift.out()).contains("host04 (1): changed · 1 updated, 1 deleted (via relay host01); on-change handler ran")
                .contains("host[02-03,05-06] (4): ok · up to date (via relay host01)")
                .contains("~ css/app.css").contains("- stray.txt").contains("host04\n").contains("1 changed");
        assertThat(on("host04", "css/app.css")).hasContent("body { margin: 0 }");
        assertThat(on("host04", "stray.txt")).doesNotExist();
    }

    @Test
    void maxDeleteExcludeAndDryRunHoldThroughTheRelay() throws IOException {
        CliResult first = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        Files.writeString(on("host03", "stray1"), "1");
        Files.writeString(on("host03", "stray2"), "2");
        Files.writeString(on("host03", "keep.log"), "kept");

        CliResult refused = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString(), "--delete",
                "--max-delete", "1", "--exclude", "*.log");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("host03 (1): failed").contains("2 paths would be deleted, more than --max-delete 1")
                .contains("host[02,04-06] (4): ok · up to date (via relay host01)");
        assertThat(on("host03", "stray1")).exists();

        Files.writeString(site.resolve("index.html"), "<h1>v2</h1>\n");
        CliResult dry = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains(LEAVES + " (5): changed · would change: 1 updated (via relay host01)");
        assertThat(on("host02", "index.html")).hasContent("<h1>muster</h1>");

        CliResult deleted = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString(), "--delete",
                "--exclude", "*.log");
        assertThat(deleted.exit()).as(deleted.out() + deleted.err()).isZero();
        assertThat(deleted.out()).contains("host03 (1): changed · 1 updated, 2 deleted (via relay host01)");
        assertThat(on("host03", "stray1")).doesNotExist();
        assertThat(on("host03", "keep.log")).as("excluded paths are never deleted").hasContent("kept");
        assertThat(on("host05", "index.html")).hasContent("<h1>v2</h1>");
    }

    @Test
    void withoutRsyncTheRelayCopiesOnlyTheFilesWhoseHashDiffersWithTar() throws IOException {
        Files.delete(site.resolve("start.html"));  // tar mode copies regular files only
        CliResult first = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString(), "--relay-copy", "tar");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(LEAVES + " (5): changed · 3 sent (via relay host01, tar)");
        Files.writeString(on("host05", "css/app.css"), "drifted\n");
        CliResult drift = muster("push", site + "/", dest + "/", LEAVES, "-i", relays.toString(), "--relay-copy", "tar");
        assertThat(drift.exit()).as(drift.out() + drift.err()).isZero();
        assertThat(drift.out()).contains("host05 (1): changed · 1 sent (via relay host01, tar)").contains("~ css/app.css")
                .contains("host[02-04,06] (4): ok · up to date (via relay host01, tar)");
        for (String leaf : List.of("host02", "host05", "host06")) {
            assertThat(on(leaf, "css/app.css")).hasContent("body { margin: 0 }");
            assertThat(on(leaf, "blob.bin")).hasSameBinaryContentAs(site.resolve("blob.bin"));
            try (Stream<Path> files = Files.list(fleet.hostPath(leaf, dest))) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no temporary directory left")
                        .containsExactlyInAnyOrder("index.html", "css", "blob.bin");
            }
        }
        Files.createSymbolicLink(site.resolve("start.html"), Path.of("index.html"));
        CliResult links = muster("push", site + "/", dest + "/", "host02", "-i", relays.toString(), "--relay-copy", "tar");
        assertThat(links.exit()).isEqualTo(1);
        assertThat(links.out()).contains("symbolic links").contains("--relay-copy rsync");
    }

    @Test
    void runGoesThroughTheRelayWithEachLeafsOwnOutputAndExitCode() {
        CliResult r = muster("run", "all", "-i", relays.toString(), "--", "cat /srv/id; test \"$(cat /srv/id)\" != host04");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(r.out()).contains(h.name() + "\n");
        }
        assertThat(r.out()).contains("host04 (1): failed").contains("exit code 1").contains("5 ok");
    }

    @Test
    void viaOnTheCommandLineRoutesEverySelectedHostThroughTheRelay() {
        // no relays: rules: host01's ssh uses its user's default key (/root/.ssh/id_ed25519 on the relay)
        CliResult r = muster("run", "host[02-03]", "--via", "host01", "--", "cat /srv/id");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("host02\n").contains("host03\n").contains("2 ok");
    }

    @Test
    void leafHostKeysAreCheckedAgainstTheControllersKnownHosts() throws IOException {
        OpenSshHost h5 = fleet.host("host05");
        String id5 = "[" + h5.address() + "]:" + h5.port();
        List<String> lines = new ArrayList<>(Files.readAllLines(fleet.knownHosts()));
        assertThat(lines.removeIf(l -> l.startsWith(id5 + " "))).isTrue();
        Path known = tmp.resolve("known_hosts");
        Files.write(known, lines);
        CliResult r = CliResult.run(List.of("run", "all", "-i", fleet.inventory().toString(), "-i", relays.toString(),
                "--known-hosts", known.toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                "--store", tmp.resolve("store").toString(), "--", "cat /srv/id"));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("host05 (1): unreachable").contains("host key not in known_hosts (via relay host01)")
                .contains("5 ok");
    }

    @Test
    void aFailingRelayMakesItsLeavesUnreachableAndFallbackReachesThemDirectly() throws IOException {
        Path dead = tmp.resolve("dead-relay.yaml");
        Files.writeString(dead, "hosts:\n  gone: {address: 127.0.170.250, port: 9}\n"
                + "relays:\n  gone: {hosts: \"host[02-03]\"}\n");
        CliResult r = muster("run", "host[01-04]", "-i", dead.toString(), "--retries", "0", "--", "cat /srv/id");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("host[02-03] (2): unreachable").contains("unreachable (via relay gone)")
                .contains("host01\n").contains("host04\n").contains("2 ok").contains("2 unreachable");

        CliResult fallback = muster("run", "host[01-04]", "-i", dead.toString(), "--retries", "0",
                "--relay-fallback", "direct", "--", "cat /srv/id");
        assertThat(fallback.exit()).as(fallback.out() + fallback.err()).isZero();
        assertThat(fallback.out()).contains("host02\n").contains("host03\n").contains("4 ok");

        CliResult push = muster("push", site + "/", dest + "/", "host[02-03]", "-i", dead.toString(), "--retries", "0");
        assertThat(push.exit()).as(push.out() + push.err()).isEqualTo(1);
        assertThat(push.out()).contains("host[02-03] (2): unreachable").contains("via relay gone");
        assertThat(on("host02", "index.html")).doesNotExist();
        CliResult pushDirect = muster("push", site + "/", dest + "/", "host[02-03]", "-i", dead.toString(),
                "--retries", "0", "--relay-fallback", "direct");
        assertThat(pushDirect.exit()).as(pushDirect.out() + pushDirect.err()).isZero();
        assertThat(on("host02", "index.html")).hasContent("<h1>muster</h1>");
    }
}
