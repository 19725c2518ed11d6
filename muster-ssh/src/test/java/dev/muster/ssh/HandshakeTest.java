package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HandshakeTest extends SshTestSupport {

    /** Distinct users make distinct pooled sessions to one sshd endpoint. */
    private static Host asUser(TestServer server, int i) {
        return new Host("web" + i, new SshOptions(server.address(), server.port(), "user" + i, List.of(), null, null,
                null), Map.of(), List.of(), null, Map.of());
    }

    private static List<String> fanOut(SshTransport ssh, TestServer server, int n) throws Exception {
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                Host h = asUser(server, i);
                results.add(pool.submit(() -> {
                    try (Connection c = ssh.connect(h)) {
                        return c.exec(ExecRequest.of("echo " + h.name())).stdoutText();
                    }
                }));
            }
        }
        List<String> out = new ArrayList<>();
        for (Future<String> f : results) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void fanOutToOneEndpointStaysUnderItsMaxStartups() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").maxStartups(6).start()
                .authorize(clientKey.getPublic())));
        SshTransport ssh = transport(config().handshakesPerEndpoint(3).handshakeRetries(0).build());

        List<String> out = fanOut(ssh, server, 40);

        assertThat(out).hasSize(40).allSatisfy(line -> assertThat(line).startsWith("web"));
        assertThat(server.maxStartupsDrops.get()).isZero();
        assertThat(ssh.stats().created()).isEqualTo(40);
    }

    @Test
    void globalLimitBoundsHandshakesAcrossEndpoints() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().handshakesPerEndpoint(64).handshakesGlobal(2).build());

        fanOut(ssh, server, 30);

        assertThat(server.peakUnauthenticated.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void keyExchangePrefersCurve25519() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();

        fanOut(ssh, server, 1);

        assertThat(server.negotiatedKex).containsExactly("curve25519-sha256");
    }

    @Test
    void acceptNewRecordsAHostOnceWhenManySessionsMeetItAtOnce() throws Exception {
        TestServer server = closeLater(TestServer.on("127.0.0.1").start().authorize(clientKey.getPublic()));
        SshTransport ssh = transport(config().hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).build());

        fanOut(ssh, server, 20);

        assertThat(Files.readAllLines(knownHosts)).containsExactly(server.knownHostsLine());
    }
}
