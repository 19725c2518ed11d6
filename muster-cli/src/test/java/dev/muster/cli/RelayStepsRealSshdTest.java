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
 * Template, release and plan steps through a relay on a real OpenSSH fleet on loopback: host01 is
 * the relay (its own key, authorized on the leaves), host02-05 are leaves with a private /srv
 * each. Rendered content differs per leaf and goes through the relay once per leaf; a release's
 * tree is staged once on the relay and copied from there; every leaf gets its own outcome.
 */
@Timeout(240)
class RelayStepsRealSshdTest {
    private static final String LEAVES = "host[02-05]";
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;
    String dir;
    Path relays;
    Path dead;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(5).baseAddress("127.0.176.1").perHostDirs(true).start();
        Path key = fleet.hostPath("host01", "/root/.ssh/id_ed25519");
        Files.createDirectories(key.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "relay-host01", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Files.writeString(fleet.dir().resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")),
                StandardOpenOption.APPEND);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void files() throws IOException {
        dir = "/srv/steps-" + Long.toHexString(System.nanoTime());
        relays = tmp.resolve("relays.yaml");
        Files.writeString(relays, "relays:\n  host01: {hosts: \"" + LEAVES + "\", identity_file: /root/.ssh/id_ed25519}\n");
        dead = tmp.resolve("dead-relay.yaml");
        Files.writeString(dead, "hosts:\n  gone: {address: 127.0.176.250, port: 9}\n"
                + "relays:\n  gone: {hosts: \"" + LEAVES + "\"}\n");
        Files.writeString(tmp.resolve("app.conf.peb"), "name = {{ host.name }}\naddress = {{ host.address }}\n");
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    private Path on(String host, String path) {
        return fleet.hostPath(host, path);
    }

    private String conf(OpenSshHost h) {
        return "name = " + h.name() + "\naddress = " + h.address() + "\n";
    }

    @Test
    void templateGoesThroughTheRelayWithEachLeafsOwnContentAndOutcome() throws IOException {
        String dest = dir + "/app.conf";
        CliResult first = muster("template", tmp.resolve("app.conf.peb").toString(), dest, LEAVES, "-i", relays.toString(),
                "--mode", "0640");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("4 changed").contains("(via relay host01)");
        for (OpenSshHost h : fleet.hosts().subList(1, 5)) {
            assertThat(on(h.name(), dest)).hasContent(conf(h).strip());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(on(h.name(), dest))))
                    .isEqualTo("rw-r-----");
        }
        assertThat(on("host01", dest)).as("the relay itself is not a target").doesNotExist();

        CliResult again = muster("template", tmp.resolve("app.conf.peb").toString(), dest, LEAVES, "-i", relays.toString(),
                "--mode", "0640");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains(LEAVES + " (4): ok").contains("4 ok").contains("0 changed");

        // one leaf drifts (content), another's mode: each is repaired alone, the others stay unchanged
        Files.writeString(on("host03", dest), "drifted\n");
        Files.setPosixFilePermissions(on("host05", dest), PosixFilePermissions.fromString("rw-rw-rw-"));
        CliResult drift = muster("template", tmp.resolve("app.conf.peb").toString(), dest, LEAVES, "-i", relays.toString(),
                "--mode", "0640", "--diff", "--on-change", "echo reloaded");
        assertThat(drift.exit()).as(drift.out() + drift.err()).isZero();
        assertThat(drift.out()).contains("2 changed").contains("2 ok").contains("-drifted").contains("+name = host03")
                .contains("reloaded").contains("on-change handler ran (via relay host01)");
        assertThat(on("host03", dest)).hasContent(conf(fleet.host("host03")).strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(on("host05", dest)))).isEqualTo("rw-r-----");
        try (Stream<Path> left = Files.list(on("host03", dir))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary left").containsExactly("app.conf");
        }
    }

    @Test
    void templateThroughADeadRelayIsUnreachableAndFallbackReachesTheLeavesDirectly() {
        String dest = dir + "/app.conf";
        CliResult r = muster("template", tmp.resolve("app.conf.peb").toString(), dest, "host[02-03]", "-i", dead.toString(),
                "--retries", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("host[02-03] (2): unreachable").contains("unreachable (via relay gone)")
                .contains("2 unreachable");
        assertThat(on("host02", dest)).doesNotExist();

        CliResult direct = muster("template", tmp.resolve("app.conf.peb").toString(), dest, "host[02-03]", "-i",
                dead.toString(), "--retries", "0", "--relay-fallback", "direct");
        assertThat(direct.exit()).as(direct.out() + direct.err()).isZero();
        assertThat(on("host02", dest)).hasContent(conf(fleet.host("host02")).strip());
    }

    private Path release(String version, String index) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("app-" + version));
        Files.writeString(tree.resolve("index.html"), index);
        Files.writeString(tree.resolve("static.css"), "body { margin: 0 }\n".repeat(300));
        // the same in every release, to the second (as a reproducible build makes it): only index.html differs
        Files.setLastModifiedTime(tree.resolve("static.css"), java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
        return tree;
    }

    private Path plan() throws IOException {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("robots.txt"), "User-agent: *\n");
        Files.createDirectories(site.resolve("img"));
        Files.writeString(site.resolve("img/logo.svg"), "<svg/>\n");
        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, """
                name: relayed
                targets: "%s"
                steps:
                  - push: {src: ./site/, dest: %s/www/, delete: true}
                  - template: {src: app.conf.peb, dest: %s/app.conf}
                  - release: {artifact: "app-{{ version }}", base: %s/app, keep: 3}
                """.formatted(LEAVES, dir, dir, dir));
        return plan;
    }

    private String current(String host) throws IOException {
        Path link = on(host, dir + "/app/current");
        return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).toString() : "(none)";
    }

    @Test
    void applyWithPushTemplateAndReleaseStepsGoesThroughTheRelayWithExactOutcomes() throws IOException {
        release("v1", "<h1>v1</h1>\n");
        release("v2", "<h1>v2</h1>\n");
        Path plan = plan();

        CliResult first = muster("apply", plan.toString(), "-i", relays.toString(), "-e", "version=v1");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains(LEAVES + " (4): deployed");
        for (OpenSshHost h : fleet.hosts().subList(1, 5)) {
            assertThat(on(h.name(), dir + "/www/img/logo.svg")).hasContent("<svg/>");
            assertThat(on(h.name(), dir + "/app.conf")).hasContent(conf(h).strip());
            assertThat(current(h.name())).isEqualTo("releases/app-v1");
            assertThat(on(h.name(), dir + "/app/current/index.html")).hasContent("<h1>v1</h1>");
        }
        // the shared trees were staged once on the relay: the push's and the release's
        try (Stream<Path> staged = Files.list(on("host01", "/root/.muster-relay/stage"))) {
            assertThat(staged.filter(p -> Files.exists(p.resolve("static.css"))).count()).isEqualTo(1);
        }

        CliResult same = muster("apply", plan.toString(), "-i", relays.toString(), "-e", "version=v1", "--diff");
        assertThat(same.exit()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains(LEAVES + " (4): deployed").doesNotContain("changed on");

        // v2 and a drifted leaf: only that leaf's push changes; every leaf gets v2 from the relay
        Files.writeString(on("host04", dir + "/www/robots.txt"), "drifted\n");
        Files.writeString(on("host04", dir + "/www/stray"), "x\n");
        CliResult next = muster("apply", plan.toString(), "-i", relays.toString(), "-e", "version=v2", "--diff");
        assertThat(next.exit()).as(next.out() + next.err()).isZero();
        assertThat(next.out()).contains("changed on host04 (1)").contains("-drifted")
                .contains("changed on " + LEAVES + " (4): released app-v2 (was app-v1): 1 updated (via relay host01)")
                .contains(LEAVES + " (4): deployed");
        for (OpenSshHost h : fleet.hosts().subList(1, 5)) {
            assertThat(current(h.name())).isEqualTo("releases/app-v2");
            assertThat(on(h.name(), dir + "/app/current/index.html")).hasContent("<h1>v2</h1>");
            assertThat(on(h.name(), dir + "/www/robots.txt")).hasContent("User-agent: *");
        }
        assertThat(on("host04", dir + "/www/stray")).doesNotExist();

        // a rollback goes through the relay as the apply did: through a dead relay its leaves are
        // unreachable and stay on v2; through the live one they switch back to v1
        CliResult stuck = muster("rollback", LEAVES, "--plan", plan.toString(), "-i", dead.toString(), "--retries", "0");
        assertThat(stuck.exit()).as(stuck.out() + stuck.err()).isEqualTo(1);
        assertThat(stuck.out()).contains("via relay gone");
        assertThat(current("host02")).isEqualTo("releases/app-v2");
        CliResult back = muster("rollback", LEAVES, "--plan", plan.toString(), "-i", relays.toString());
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
        for (OpenSshHost h : fleet.hosts().subList(1, 5)) {
            assertThat(current(h.name())).isEqualTo("releases/app-v1");
        }
    }

    @Test
    void applyThroughADeadRelayLeavesItsHostsUnreachableOrFallsBackToDirect() throws IOException {
        release("v1", "<h1>v1</h1>\n");
        Path plan = plan();
        CliResult r = muster("apply", plan.toString(), "-i", dead.toString(), "-e", "version=v1", "--retries", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("via relay gone");
        for (String leaf : List.of("host02", "host05")) {
            assertThat(on(leaf, dir + "/www/robots.txt")).doesNotExist();
            assertThat(current(leaf)).isEqualTo("(none)");
        }

        CliResult direct = muster("apply", plan.toString(), "-i", dead.toString(), "-e", "version=v1", "--retries", "0",
                "--relay-fallback", "direct");
        assertThat(direct.exit()).as(direct.out() + direct.err()).isZero();
        assertThat(direct.out()).contains(LEAVES + " (4): deployed");
        for (OpenSshHost h : fleet.hosts().subList(1, 5)) {
            assertThat(current(h.name())).isEqualTo("releases/app-v1");
            assertThat(on(h.name(), dir + "/app.conf")).hasContent(conf(h).strip());
        }
    }
}
