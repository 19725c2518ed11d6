package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.StepMark;
import dev.muster.testkit.OpenSshAssumptions;
import dev.muster.testkit.OpenSshFleet;
import dev.muster.testkit.OpenSshHost;
import dev.muster.testkit.ReleaseService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real deploys: `muster apply` with release steps, HTTP gates and rollback against real OpenSSH
 * hosts on loopback, each with a private /srv and a small HTTP service on its own address serving
 * its {@code <base>/current}. Every host's symlink and the service's answers are checked after.
 */
@Timeout(300)
class DeployRealSshdTest {
    private static final int HOSTS = 6;
    private static OpenSshFleet fleet;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;
    String base;
    List<ReleaseService> services = List.of();

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(HOSTS).baseAddress("127.0.23.1").perHostDirs(true).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void serve() {
        base = "/srv/app-" + Long.toHexString(System.nanoTime());
        services = ReleaseService.onEveryHost(fleet, base);
    }

    @AfterEach
    void stopServices() {
        services.forEach(ReleaseService::close);
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    /** A release tarball: index.html, a version file and what /health answers. */
    private Path artifact(String version, int health) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("build-" + version));
        Files.writeString(tree.resolve("index.html"), "<h1>shop " + version + "</h1>\n");
        Files.writeString(tree.resolve("health"), health + "\n");
        Files.writeString(tree.resolve("static.css"), "body { margin: 0 }\n".repeat(200)); // same in every release
        Path tgz = tmp.resolve("app-" + version + ".tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", tree.toString(), ".").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return tgz;
    }

    private Path plan(String strategy, String extra) throws IOException {
        Path plan = tmp.resolve("release.yaml");
        Files.writeString(plan, """
                name: shop
                targets: all
                strategy: %s
                handlers:
                  restart:
                    run: echo "restarted $(readlink %s/current)" >> %s/restarts
                steps:
                  - name: release
                    release: {artifact: "app-{{ version }}.tar.gz", base: %s, keep: 3}
                    notify: restart
                gates:
                  - name: health
                    check: {http: "http://{address}:%d/health", expect: "200", interval: 100ms, critical_after: 2}
                    timeout: 10s
                %s""".formatted(strategy, base, base, base, services.getFirst().port(), extra));
        return plan;
    }

    private String current(String host) throws IOException {
        Path link = fleet.hostPath(host, base + "/current");
        return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).toString() : "(none)";
    }

    private String get(OpenSshHost host, String path) throws Exception {
        ReleaseService s = services.stream().filter(x -> x.address().getHostAddress().equals(host.address()))
                .findFirst().orElseThrow();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    private List<String> lines(String host, String file) throws IOException {
        Path p = fleet.hostPath(host, base + "/" + file);
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    @Test
    void aGoodReleasePassesTheGatesAndABadOneIsRolledBackAtTheCanary() throws Exception {
        artifact("1.0", 200);
        artifact("2.0", 500);
        Path plan = plan("{kind: rolling, batch: [1, \"50%\"]}", "");

        CliResult good = muster("apply", plan.toString(), "-e", "version=1.0");
        assertThat(good.exit()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).contains("gate: passed").contains("host[01-06] (6): deployed");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(current(h.name())).isEqualTo("releases/app-1.0");
            assertThat(get(h, "/version")).isEqualTo("200 app-1.0");
            assertThat(lines(h.name(), "restarts")).containsExactly("restarted releases/app-1.0");
            assertThat(lines(h.name(), "revisions.log")).singleElement().asString().contains("app-1.0");
        }

        CliResult bad = muster("apply", plan.toString(), "-e", "version=2.0");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(1);
        assertThat(bad.out()).contains("batch 1/3: host01 (1)")
                .contains("gate: failed: ").contains("host01: status 500")
                .contains("host01 (1): rolled back")
                .contains("host[02-06] (5): skipped")
                .doesNotContain("batch 2/3")
                .contains("releases now:\n  app-1.0: host[01-06] (6)\n");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(current(h.name())).as(h.name()).isEqualTo("releases/app-1.0");
            assertThat(get(h, "/health")).startsWith("200");
            assertThat(get(h, "/version")).isEqualTo("200 app-1.0");
        }
        // the canary got 2.0, restarted on it, was switched back and restarted on 1.0
        assertThat(lines("host01", "restarts")).containsExactly("restarted releases/app-1.0",
                "restarted releases/app-2.0", "restarted releases/app-1.0");
        assertThat(lines("host02", "restarts")).containsExactly("restarted releases/app-1.0");
        // "previous" on the canary is what 1.0 replaced (nothing), never the bad release it was rolled back from
        CliResult listed = muster("releases", "host01");
        assertThat(listed.out()).contains("current: app-1.0\n").contains("previous: -\n");
    }

    @Test
    void checkModeChangesNothingThenRollbackAndReleasesWorkFromTheLastApply() throws Exception {
        artifact("1.0", 200);
        artifact("1.1", 200);
        Path plan = plan("{kind: rolling, batch: 3}", "");
        assertThat(muster("apply", plan.toString(), "-e", "version=1.0").exit()).isZero();

        CliResult dry = muster("apply", plan.toString(), "-e", "version=1.1", "--check", "--diff");
        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("changed on host[01-03] (3): would release app-1.1 (now app-1.0)")
                .contains("+<h1>shop 1.1</h1>");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(current(h.name())).isEqualTo("releases/app-1.0");
        }

        assertThat(muster("apply", plan.toString(), "-e", "version=1.1").exit()).isZero();
        CliResult listed = muster("releases", "all");
        assertThat(listed.exit()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).contains("host[01-06] (6)").contains("current: app-1.1")
                .contains("previous: app-1.0");

        CliResult back = muster("rollback", "host0[1-4]", "--to", "previous");
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
        for (OpenSshHost h : fleet.hosts()) {
            String want = h.name().compareTo("host04") <= 0 ? "app-1.0" : "app-1.1";
            assertThat(current(h.name())).as(h.name()).isEqualTo("releases/" + want);
            assertThat(get(h, "/version")).isEqualTo("200 " + want);
        }
        assertThat(lines("host01", "restarts")).last().isEqualTo("restarted releases/app-1.0");
        CliResult folded = muster("releases", "all", "--plan", plan.toString());
        assertThat(folded.out()).contains("host[01-04] (4)").contains("host[05-06] (2)");
    }

    @Test
    void aRunKilledMidwayResumesWhereItStopped() throws Exception {
        artifact("3.0", 200);
        Path plan = plan("{kind: rolling, batch: 2}", "");
        Files.writeString(plan, Files.readString(plan).replace("steps:\n", "steps:\n  - run: sleep 1\n"));
        Path store = tmp.resolve("store");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.muster.cli.Main",
                "apply", plan.toString(), "-e", "version=3.0", "--inventory", fleet.inventory().toString(),
                "--known-hosts", fleet.knownHosts().toString(), "--identity",
                fleet.clientKey().privateKeyFile().toString(), "--store", store.toString()));
        Process muster = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
        FileRunStore runs = new FileRunStore(store);
        String runId = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && muster.isAlive()) {
            runId = runs.recent(1).stream().map(r -> r.id()).findFirst().orElse(null);
            if (runId != null && runs.marks(runId).stream().anyMatch(m -> m.mark() == StepMark.Mark.STARTED && m.batch() == 2)) {
                break;
            }
            Thread.sleep(20);
        }
        muster.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no recap
        assertThat(runId).as(Files.readString(tmp.resolve("killed.log"))).isNotNull();
        assertThat(current("host05")).isEqualTo("(none)");

        CliResult resumed = muster("apply", plan.toString(), "-e", "version=3.0", "--resume", runId);
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("(run " + runId + ", resumed)").contains("host[01-06] (6): deployed");
        for (OpenSshHost h : fleet.hosts()) {
            assertThat(current(h.name())).isEqualTo("releases/app-3.0");
            // batch 1 was not deployed twice: one revision each
            assertThat(lines(h.name(), "revisions.log")).as(h.name()).hasSize(1);
        }
        CliResult again = muster("apply", plan.toString(), "-e", "version=3.0", "--resume", runId);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("nothing to resume");
        CliResult otherVars = muster("apply", plan.toString(), "-e", "version=9", "--resume", runId);
        assertThat(otherVars.exit()).isEqualTo(2);
    }

    @Test
    void blueGreenDeploysTheIdleColourSwitchesTrafficAndSwitchesBack() throws Exception {
        artifact("4.0", 200);
        String lb = base + "/lb";
        Path plan = plan("{kind: blue_green, blue: \"host0[1-3]\", green: \"host0[4-6]\"}", """
                switch:
                  - run: mkdir -p %s && echo {{ colour }} {{ colour_hosts }} > %s/live
                    hosts: host01
                """.formatted(lb, lb));

        CliResult r = muster("apply", plan.toString(), "-e", "version=4.0");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("live colour: blue; deploying green: host[04-06]").contains("traffic: switched to green");
        for (OpenSshHost h : fleet.hosts()) {
            boolean green = h.name().compareTo("host04") >= 0;
            assertThat(current(h.name())).as(h.name()).isEqualTo(green ? "releases/app-4.0" : "(none)");
        }
        assertThat(lines("host01", "lb/live")).containsExactly("green 127.0.23.4 127.0.23.5 127.0.23.6");

        CliResult back = muster("rollback", "all", "--plan", plan.toString());
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
        assertThat(lines("host01", "lb/live")).containsExactly("blue 127.0.23.1 127.0.23.2 127.0.23.3");
        assertThat(current("host05")).isEqualTo("releases/app-4.0"); // the old colour is kept as it was
    }
}
