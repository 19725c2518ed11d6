package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ConnectFailureTest extends SshTestSupport {

    private static void assertFailure(ThrowingCallable call, FailureKind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.kind()).isEqualTo(kind));
    }

    @Test
    void closedPortIsConnectRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SshTransport ssh = transport();

        assertFailure(() -> ssh.connect(Host.of("web01", "127.0.0.1", port)), FailureKind.CONNECT_REFUSED);
        assertThat(ssh.stats().failed()).isEqualTo(1);
    }

    @Test
    void serverThatNeverSendsABannerTimesOutInsteadOfHanging() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            SshTransport ssh = transport(config().connectTimeout(Duration.ofMillis(300)).build());

            assertThatThrownBy(() -> ssh.connect(Host.of("web01", "127.0.0.1", silent.getLocalPort())))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT))
                    .hasMessageContaining("handshake");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void interruptingAConnectAbortsItPromptly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SshTransport ssh = transport(config().connectTimeout(Duration.ofMinutes(5)).build());
            java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    ssh.connect(Host.of("web01", "127.0.0.1", silent.getLocalPort())).close();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            try (Socket accepted = silent.accept()) {
                caller.interrupt();

                assertThat(outcome.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(InterruptedException.class);
            }
        }
    }

    @Test
    void closedTransportRefusesNewConnections() {
        SshTransport ssh = transport();
        ssh.close();

        assertThatThrownBy(() -> ssh.connect(Host.of("web01", "127.0.0.1", 22)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unresolvableNameIsUnreachable() {
        SshTransport ssh = transport();

        assertFailure(() -> ssh.connect(Host.of("ghost", "no-such-host.invalid", 22)), FailureKind.UNREACHABLE);
    }

    @Test
    void keyTheServerDoesNotTrustIsAuthFailed() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").start()));
        SshTransport ssh = transport();

        assertThatThrownBy(() -> ssh.connect(host(server)))
                .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED))
                .hasMessageContaining("tester");
        assertThat(server.sessionsCreated.get()).as("auth failures are not retried").isEqualTo(1);
    }

    @Test
    void sessionDroppedAfterAuthenticationIsConnectionLostAndReplaced() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();
        try (Connection c = ssh.connect(host(server))) {
            server.dropAllSessions();
            assertFailure(() -> c.exec(ExecRequest.of("echo hi")), FailureKind.CONNECTION_LOST);
        }

        try (Connection c = ssh.connect(host(server))) {
            assertThat(c.exec(ExecRequest.of("echo again")).stdoutText()).isEqualTo("again\n");
        }
        assertThat(ssh.stats().created()).isEqualTo(2);
    }

    @Test
    void sessionDyingMidCommandIsConnectionLost() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();

        try (Connection c = ssh.connect(host(server))) {
            assertThatThrownBy(() -> c.exec(ExecRequest.of("drop")))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST))
                    .hasMessageContaining("web01");
        }
    }

    @Test
    void dropsBeforeAuthenticationAreRetried() throws Exception {
        TestServer server = server();
        server.dropNextSessions.set(2);
        SshTransport ssh = transport(config().handshakeRetries(3).build());

        try (Connection c = ssh.connect(host(server))) {
            assertThat(c.exec(ExecRequest.of("echo through")).stdoutText()).isEqualTo("through\n");
        }
        assertThat(server.sessionsCreated.get()).isEqualTo(3);
        assertThat(ssh.stats().failed()).isZero();
    }

    @Test
    void dropsBeyondTheRetriesAreHandshakeFailed() throws Exception {
        TestServer server = server();
        server.dropNextSessions.set(100);
        SshTransport ssh = transport(config().handshakeRetries(2).build());

        assertFailure(() -> ssh.connect(host(server)), FailureKind.HANDSHAKE_FAILED);
        assertThat(server.sessionsCreated.get()).isEqualTo(3);
    }
}
