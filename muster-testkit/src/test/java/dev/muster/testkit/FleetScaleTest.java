package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetScaleTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredInProcessHostsStartAndAnswer() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(200).namePrefix("n").baseAddress("127.0.20.1").dir(dir).start();
             TestClient client = TestClient.of(fleet);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = fleet.hosts().stream()
                    .map(h -> pool.submit(() -> client.run(h.endpoint(), "hostname").stdout())).toList();
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo(fleet.hosts().get(i).name() + "\n");
            }
            assertThat(fleet.hosts().get(199).name()).isEqualTo("n200");
            assertThat(fleet.totals().sessionsAuthenticated()).isEqualTo(200);
            assertThat(fleet.totals().commandsRun()).isEqualTo(200);
            assertThat(Files.readAllLines(fleet.knownHosts())).hasSize(200);
        }
    }

    @Test
    void shellModeRunsInTheHostsOwnDirectory() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).commandMode(CommandMode.SHELL).baseAddress("127.0.21.1")
                .dir(dir).start();
             TestClient client = TestClient.of(fleet);
             ClientSession s = client.connect(fleet.host("host02").endpoint())) {
            TestClient.Result r = TestClient.exec(s, "echo \"$HOME\" && pwd && echo made > here.txt && id -un", "");
            Path home = fleet.host("host02").dir();
            assertThat(r.stdout()).startsWith(home + "\n" + home + "\n");
            assertThat(home.resolve("here.txt")).hasContent("made");
            assertThat(fleet.host("host01").dir().resolve("here.txt")).doesNotExist();
            assertThat(TestClient.exec(s, "exit 3", "").exit()).isEqualTo(3);
            assertThat(TestClient.exec(s, "tr a-z A-Z", "shout").stdout()).isEqualTo("SHOUT");
        }
    }

    @Test
    void unknownCommandsCanFallBackToTheShell() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(1).unknownCommands(UnknownCommands.RUN_IN_SHELL)
                .baseAddress("127.0.22.1").dir(dir).start();
             TestClient client = TestClient.of(fleet)) {
            FakeHost h = fleet.hosts().get(0);
            assertThat(client.run(h.endpoint(), "echo a | tr a b").stdout()).isEqualTo("b\n");
            assertThat(client.run(h.endpoint(), "uname -r").stdout()).isEqualTo("6.1.0-27-amd64\n");
        }
    }

    @Test
    void sftpWritesLandInTheHostsDirectory() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).baseAddress("127.0.23.1").dir(dir).start();
             TestClient client = TestClient.of(fleet);
             ClientSession s = client.connect(fleet.host("host01").endpoint());
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(s)) {
            sftp.mkdir("/srv");
            try (var out = sftp.write("/srv/pushed.txt")) {
                out.write("via sftp".getBytes());
            }
            assertThat(fleet.host("host01").dir().resolve("srv/pushed.txt")).hasContent("via sftp");
            assertThat(fleet.host("host02").dir().resolve("srv/pushed.txt")).doesNotExist();
        }
    }
}
