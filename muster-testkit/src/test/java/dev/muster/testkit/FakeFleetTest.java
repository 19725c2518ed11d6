package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeFleetTest {

    @TempDir
    static Path dir;
    static FakeFleet fleet;
    static TestClient client;

    @BeforeAll
    static void start() throws IOException {
        fleet = FakeFleet.builder().hosts(3).namePrefix("web").dir(dir).start();
        client = TestClient.of(fleet);
    }

    @AfterAll
    static void stop() {
        client.close();
        fleet.close();
    }

    @Test
    void hostsListenOnDistinctLoopbackAddresses() {
        assertThat(fleet.hosts()).extracting(FakeHost::name).containsExactly("web01", "web02", "web03");
        assertThat(fleet.hosts()).extracting(FakeHost::address).doesNotHaveDuplicates();
        assertThat(fleet.host("web01").address()).isEqualTo("127.0.1.1");
    }

    @Test
    void answersCommonCommandsInProcess() throws IOException {
        FakeHost web2 = fleet.host("web02");
        try (ClientSession s = client.connect(web2.endpoint())) {
            assertThat(TestClient.exec(s, "hostname", "").stdout()).isEqualTo("web02\n");
            assertThat(TestClient.exec(s, "echo hello   'big world'", "").stdout()).isEqualTo("hello big world\n");
            assertThat(TestClient.exec(s, "uname -r", "").stdout()).isEqualTo("6.1.0-27-amd64\n");
            assertThat(TestClient.exec(s, "uname -a", "").stdout()).startsWith("Linux web02 6.1.0-27-amd64 #1 SMP");
            assertThat(TestClient.exec(s, "id -un", "").stdout()).isEqualTo("muster\n");
            assertThat(TestClient.exec(s, "printf '%s=%d\\n' a 1 b 2", "").stdout()).isEqualTo("a=1\nb=2\n");
            assertThat(TestClient.exec(s, "df -P /", "").stdout()).startsWith("Filesystem     1024-blocks")
                    .contains(" /\n");
            assertThat(TestClient.exec(s, "uptime", "").stdout()).contains(" up 41 days,  3:12,  0 users,");
            assertThat(TestClient.exec(s, "true", "").exit()).isZero();
            assertThat(TestClient.exec(s, "false", "").exit()).isEqualTo(1);
            assertThat(TestClient.exec(s, "exit 42", "").exit()).isEqualTo(42);
            assertThat(TestClient.exec(s, "sleep 0.01", "").exit()).isZero();
            assertThat(TestClient.exec(s, "cat", "piped\ninput").stdout()).isEqualTo("piped\ninput");
        }
    }

    @Test
    void unknownCommandIsNotFound() throws IOException {
        TestClient.Result r = client.run(fleet.host("web01").endpoint(), "frobnicate --now");
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.stderr()).isEqualTo("sh: 1: frobnicate: not found\n");
    }

    @Test
    void countersShowOneSessionReusedForManyCommands() throws IOException {
        FakeHost host = fleet.host("web03");
        host.resetCounters();
        try (ClientSession s = client.connect(host.endpoint())) {
            for (int i = 0; i < 5; i++) {
                TestClient.exec(s, "true", "");
            }
        }
        HostCounters c = host.counters();
        assertThat(c.connectionsAccepted()).isEqualTo(1);
        assertThat(c.sessionsAuthenticated()).isEqualTo(1);
        assertThat(c.commandsRun()).isEqualTo(5);
    }

    @Test
    void writesClientKeyKnownHostsAndInventory() throws IOException {
        assertThat(fleet.clientKey().privateKeyFile()).isEqualTo(dir.resolve("client/id_ed25519"));
        assertThat(Files.readString(fleet.clientKey().privateKeyFile()))
                .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(Files.readString(fleet.clientKey().publicKeyFile())).startsWith("ssh-ed25519 ");
        List<String> known = Files.readAllLines(fleet.knownHosts());
        assertThat(known).hasSize(3);
        FakeHost web1 = fleet.host("web01");
        assertThat(known.get(0)).startsWith("[127.0.1.1]:" + web1.port() + " ssh-ed25519 ");
        assertThat(fleet.inventory()).exists();
        assertThat(fleet.host("web01").dir()).isEqualTo(dir.resolve("hosts/web01")).isDirectory();
    }

    @Test
    void refusedHostRefusesThenListensAgainWhenCleared() throws IOException {
        FakeHost host = fleet.host("web01");
        host.setFaults(Fault.REFUSE);
        try {
            assertThatThrownBy(() -> new Socket(host.address(), host.port()).close())
                    .isInstanceOf(ConnectException.class);
        } finally {
            host.clearFaults();
        }
        assertThat(client.run(host.endpoint(), "hostname").stdout()).isEqualTo("web01\n");
    }

    @Test
    void hangingHostAcceptsButSendsNoBanner() throws IOException {
        FakeHost host = fleet.host("web02");
        host.resetCounters();
        host.setFaults(Fault.HANG_BEFORE_BANNER);
        try (Socket socket = new Socket(host.address(), host.port())) {
            socket.setSoTimeout(500);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            host.clearFaults();
        }
        assertThat(host.counters().connectionsAccepted()).isEqualTo(1);
        assertThat(client.run(host.endpoint(), "true").exit()).isZero();
    }

    @Test
    void dropAfterAuthClosesTheAuthenticatedSession() {
        FakeHost host = fleet.host("web03");
        host.resetCounters();
        host.setFaults(Fault.DROP_AFTER_AUTH);
        try {
            assertThatThrownBy(() -> client.run(host.endpoint(), "true")).isNotNull();
            assertThat(host.counters().sessionsAuthenticated()).isEqualTo(1);
            assertThat(host.counters().commandsRun()).isZero();
        } finally {
            host.clearFaults();
        }
    }

    @Test
    void exitFaultMakesEveryCommandExitWithItsCode() throws IOException {
        FakeHost host = fleet.host("web01");
        host.setFaults(Fault.exit(7));
        try {
            TestClient.Result r = client.run(host.endpoint(), "echo hi");
            assertThat(r.exit()).isEqualTo(7);
            assertThat(r.stdout()).isEmpty();
        } finally {
            host.clearFaults();
        }
    }

    @Test
    void slowFaultStillAnswers() throws IOException {
        FakeHost host = fleet.host("web02");
        host.setFaults(Fault.slow(java.time.Duration.ofMillis(50)));
        try {
            assertThat(client.run(host.endpoint(), "hostname").stdout()).isEqualTo("web02\n");
        } finally {
            host.clearFaults();
        }
    }

    @Test
    void rejectedKeyFailsAuthentication() {
        FakeHost host = fleet.host("web02");
        host.setFaults(Fault.REJECT_AUTH);
        try {
            assertThatThrownBy(() -> client.run(host.endpoint(), "true")).isInstanceOf(IOException.class);
        } finally {
            host.clearFaults();
        }
    }

    @Test
    void wrongHostKeyIsCaughtByKnownHosts() throws IOException {
        FakeHost host = fleet.host("web03");
        host.setFaults(Fault.WRONG_HOST_KEY);
        try {
            assertThatThrownBy(() -> client.run(host.endpoint(), "true")).isInstanceOf(IOException.class);
        } finally {
            host.clearFaults();
        }
        assertThat(client.run(host.endpoint(), "true").exit()).isZero();
    }

    @Test
    void firstHandshakesAreDroppedThenHostAnswers() throws IOException {
        FakeHost host = fleet.host("web01");
        host.resetCounters();
        host.setFaults(Fault.dropFirstHandshakes(2));
        try {
            assertThatThrownBy(() -> client.run(host.endpoint(), "true")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.run(host.endpoint(), "true")).isInstanceOf(IOException.class);
            assertThat(client.run(host.endpoint(), "true").exit()).isZero();
        } finally {
            host.clearFaults();
        }
        assertThat(host.counters().connectionsAccepted()).isEqualTo(3);
        assertThat(host.counters().sessionsAuthenticated()).isEqualTo(1);
    }
}
