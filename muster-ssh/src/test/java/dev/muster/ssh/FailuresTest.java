package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;

/** Exceptions as MINA and the JDK raise them, mapped to what the executor acts on. */
class FailuresTest {
    private final Hop hop = new Hop("web01", "10.0.0.5", 22, "ops", List.of(), Duration.ofSeconds(10),
            new KnownHosts(Path.of("/nonexistent/known_hosts")));

    private FailureKind connect(Throwable t) {
        return Failures.connect(t, hop).kind();
    }

    @Test
    void connectErrorsMapByCauseAnywhereInTheChain() {
        assertThat(connect(new ConnectException("Connection refused"))).isEqualTo(FailureKind.CONNECT_REFUSED);
        assertThat(connect(new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo(FailureKind.CONNECT_REFUSED);
        assertThat(connect(new ConnectException("Connection timed out"))).isEqualTo(FailureKind.CONNECT_TIMEOUT);
        assertThat(connect(new NoRouteToHostException("No route to host"))).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(connect(new SocketException("Network is unreachable"))).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(connect(new UnknownHostException("web01"))).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(connect(new UnresolvedAddressException())).isEqualTo(FailureKind.UNREACHABLE);
    }

    @Test
    void hangUpRightAfterConnectIsAHandshakeDrop() {
        assertThat(connect(new SocketException("Connection reset"))).isEqualTo(FailureKind.HANDSHAKE_FAILED);
        assertThat(connect(new EOFException())).isEqualTo(FailureKind.HANDSHAKE_FAILED);
    }

    @Test
    void handshakeFailuresSeparateAuthFromDrops() {
        HostKeyCheck check = new HostKeyCheck(hop, HostKeyPolicy.STRICT, true);
        SshException noMethods = new SshException(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                "No more authentication methods available");

        assertThat(Failures.handshake(noMethods, hop, check, List.of("key k is encrypted")))
                .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED))
                .hasMessageContaining("ops").hasMessageContaining("key k is encrypted");
        assertThat(Failures.handshake(new SshException("Connection reset"), hop, check, List.of()).kind())
                .isEqualTo(FailureKind.HANDSHAKE_FAILED);
    }

    @Test
    void runningOutOfFileDescriptorsIsTheControllersLimitNotAHandshakeDrop() {
        // as the JDK reports EMFILE from socket() or connect(): an IOException that would otherwise be a drop
        assertThat(Failures.connect(new IOException("Too many open files"), hop))
                .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.POOL_EXHAUSTED))
                .hasMessageContaining("web01").hasMessageContaining("ulimit -n").hasMessageContaining("-f");
        assertThat(connect(new SocketException("wrapped", new IOException("Too many open files"))))
                .isEqualTo(FailureKind.POOL_EXHAUSTED);
    }

    @Test
    void everyMessageNamesTheHost() {
        assertThat(Failures.connect(new ConnectException("Connection refused"), hop)).hasMessageStartingWith("web01: ");
        assertThat(Failures.connectTimeout(hop, true)).hasMessageContaining("web01").hasMessageContaining("10000 ms");
    }
}
