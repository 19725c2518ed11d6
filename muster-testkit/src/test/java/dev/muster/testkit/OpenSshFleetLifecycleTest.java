package dev.muster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshFleetLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void stopEndsListenersAndOpenConnections() throws Exception {
        OpenSshAssumptions.assumeAvailable();
        OpenSshFleet fleet = OpenSshFleet.builder().hosts(2).baseAddress("127.0.3.1").dir(dir).start();
        try (TestClient client = TestClient.of(fleet);
             ClientSession open = client.connect(fleet.hosts().get(0).endpoint())) {
            assertThat(TestClient.exec(open, "echo up", "").stdout()).isEqualTo("up\n");
            assertThat(sshdProcesses()).hasSizeGreaterThanOrEqualTo(3);
            fleet.close();
            assertThat(sshdProcesses()).isEmpty();
        } finally {
            fleet.close();
        }
    }

    @Test
    void sharedFleetGroupsSixteenHostsPerSshd() throws Exception {
        OpenSshAssumptions.assumeAvailable();
        try (OpenSshFleet fleet = OpenSshFleet.builder().hosts(20).perHostDirs(false).baseAddress("127.0.4.1")
                .namePrefix("node").dir(dir).start();
             TestClient client = TestClient.of(fleet)) {
            assertThat(fleet.isolation()).isEqualTo(Isolation.SHARED);
            assertThat(fleet.sshdCount()).isEqualTo(2);
            for (OpenSshHost h : List.of(fleet.host("node01"), fleet.host("node16"), fleet.host("node17"))) {
                assertThat(client.run(h.endpoint(), "echo $HOME").exit()).isZero();
            }
            assertThatThrownBy(() -> fleet.hostDir("node01")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void fakeFleetKeyFilesWorkWithTheOpenSshClient() throws Exception {
        OpenSshAssumptions.assumeAvailable();
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).namePrefix("fake").baseAddress("127.0.5.1")
                .dir(dir).start()) {
            FakeHost h = fleet.host("fake02");
            TestClient.Result r = SshCli.run(fleet.clientKey().privateKeyFile(), fleet.knownHosts(), "muster",
                    h.address(), h.port(), "uname -r");
            assertThat(r.exit()).as(r.stderr()).isZero();
            assertThat(r.stdout()).isEqualTo("6.1.0-27-amd64\n");
        }
    }

    private static List<ProcessHandle> sshdProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sshd")).orElse(false))
                .toList();
    }
}
