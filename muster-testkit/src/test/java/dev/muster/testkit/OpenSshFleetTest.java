package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twenty real sshd hosts, one per mount namespace. */
class OpenSshFleetTest {

    @TempDir
    static Path dir;
    static OpenSshFleet fleet;

    @BeforeAll
    static void start() throws IOException {
        OpenSshAssumptions.assumePerHostDirs();
        fleet = OpenSshFleet.builder().hosts(20).baseAddress("127.0.2.1").kex("curve25519-sha256")
                .dir(dir).group("first", List.of("host01", "host02", "host03")).start();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyHostAnswersTheSshClientWithItsOwnName() throws Exception {
        assertThat(fleet.isolation()).isEqualTo(Isolation.PER_HOST);
        assertThat(fleet.sshdCount()).isEqualTo(20);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<TestClient.Result>> answers = fleet.hosts().stream()
                    .map(h -> pool.submit(() -> SshCli.run(fleet, h, "hostname"))).toList();
            for (int i = 0; i < answers.size(); i++) {
                TestClient.Result r = answers.get(i).get();
                assertThat(r.exit()).as(r.stderr()).isZero();
                assertThat(r.stdout()).isEqualTo(fleet.hosts().get(i).name() + "\n");
            }
        }
        assertThat(fleet.host("host03").address()).isEqualTo("127.0.2.3");
    }

    @Test
    void fileWrittenOnOneHostIsVisibleOnlyInThatHostsDirectory() throws Exception {
        TestClient.Result r = SshCli.run(fleet, fleet.host("host03"),
                "mkdir -p /srv/app && echo three > /srv/app/marker && echo $HOME");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("/root\n");
        assertThat(fleet.hostPath("host03", "/srv/app/marker")).hasContent("three");
        assertThat(fleet.hostDir("host03").resolve("srv/app/marker")).exists();
        assertThat(fleet.hostPath("host04", "/srv/app/marker")).doesNotExist();
        assertThat(Path.of("/srv/app/marker")).doesNotExist();
        assertThat(SshCli.run(fleet, fleet.host("host04"), "test -e /srv/app/marker").exit()).isEqualTo(1);
    }

    @Test
    void eachHostsReleaseServiceServesThatHostsCurrentRelease() throws Exception {
        for (String host : List.of("host05", "host06")) {
            TestClient.Result r = SshCli.run(fleet, fleet.host(host), "mkdir -p /srv/app/releases/" + host
                    + "-r1 && ln -sfn /srv/app/releases/" + host + "-r1 /srv/app/current");
            assertThat(r.exit()).as(r.stderr()).isZero();
        }
        List<ReleaseService> services = ReleaseService.onEveryHost(fleet, "/srv/app");
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            assertThat(services).hasSize(20).extracting(ReleaseService::port).containsOnly(services.get(0).port());
            ReleaseService six = services.get(5);
            assertThat(six.address().getHostAddress()).isEqualTo(fleet.host("host06").address());
            var version = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(six.url() + "/version"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(version.body()).isEqualTo("host06-r1");
            var none = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(services.get(6).url()
                    + "/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(503);
        } finally {
            services.forEach(ReleaseService::close);
        }
        try (ReleaseService five = ReleaseService.onHost(fleet, "host05", "/srv/app", 0)) {
            assertThat(five.base()).isEqualTo(fleet.hostPath("host05", "/srv/app"));
        }
    }

    @Test
    void homeIsPrivateAndEmpty() throws Exception {
        TestClient.Result r = SshCli.run(fleet, fleet.host("host05"), "touch ~/mine && ls -A ~");
        assertThat(r.stdout()).isEqualTo("mine\n");
        assertThat(fleet.hostPath("host05", "/root/mine")).exists();
        assertThat(fleet.hostPath("host06", "/root/mine")).doesNotExist();
    }

    @Test
    void minaClientVerifiesHostsAgainstTheWrittenKnownHosts() throws IOException {
        try (TestClient client = TestClient.of(fleet)) {
            TestClient.Result r = client.run(fleet.host("host07").endpoint(), "cat /tmp/muster-host/none; echo $?");
            assertThat(r.stdout()).isEqualTo("1\n");
        }
    }

    @Test
    void writesInventoryAndKnownHosts() throws IOException {
        String inventory = Files.readString(fleet.inventory());
        assertThat(inventory).contains("host03: {address: 127.0.2.3, port: " + fleet.host("host03").port()
                + ", user: root}");
        assertThat(inventory).contains("first: {hosts: [\"host[01-03]\"]}");
        assertThat(Files.readAllLines(fleet.knownHosts())).hasSize(20)
                .allMatch(line -> line.startsWith("[127.0.2."));
        assertThat(fleet.dir().resolve("sshd/host01/sshd_config")).content().contains("KexAlgorithms curve25519-sha256");
    }

    @Test
    void pathsOutsideThePrivateDirectoriesAreRefused() {
        assertThatThrownBy(() -> fleet.hostPath("host01", "/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
