package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * What muster sends to log in (DirectAuth): no {@code none} probe, a key file's key signed in the
 * first request, and every fallback of the usual flow still there.
 */
class AuthRoundTripsTest extends SshTestSupport {

    private String echo(SshTransport ssh, TestServer server) throws Exception {
        try (Connection c = ssh.connect(host(server))) {
            return c.exec(ExecRequest.of("echo in")).stdoutText();
        }
    }

    @Test
    void aKeyFileLogsInWithOneSignedRequestAndNoProbeOrQuery() throws Exception {
        TestServer server = server();

        assertThat(echo(transport(), server)).isEqualTo("in\n");

        assertThat(server.authRequests).containsExactly("publickey signed");
    }

    @Test
    void aKeyTheServerRefusesFallsBackToTheNextKeyQueriedThenSigned() throws Exception {
        TestServer server = server();
        Path refused = TestKeys.writeKey(TestKeys.ecKeyPair(), dir.resolve("id_refused"));
        SshTransport ssh = transport(config().identityFiles(List.of(refused, keyFile)).build());

        assertThat(echo(ssh, server)).isEqualTo("in\n");

        assertThat(server.authRequests).containsExactly("publickey signed", "publickey query", "publickey signed");
    }

    @Test
    void whenNoKeyIsTakenTheHostFailsAsAuthFailedNamingTheUser() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").start()));
        Path other = TestKeys.writeKey(TestKeys.ecKeyPair(), dir.resolve("id_other"));
        SshTransport ssh = transport(config().identityFiles(List.of(keyFile, other)).build());

        assertThatThrownBy(() -> echo(ssh, server)).isInstanceOfSatisfying(StepFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED);
            assertThat(f.getMessage()).contains("server refused every key offered for tester");
        });
        assertThat(server.authRequests).containsExactly("publickey signed", "publickey query");
    }

    @Test
    void aServerThatTakesOnlyPasswordsFailsAsAuthFailedAfterOneRequest() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").passwordsOnly().start()));

        assertThatThrownBy(() -> echo(transport(), server)).isInstanceOfSatisfying(StepFailure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED));
        // the first request's answer names the server's methods; muster has no password to send
        assertThat(server.authRequests).isEmpty();
    }

    @Test
    void aServerThatTakesOnlyKeyboardInteractiveLoginsFailsAsAuthFailed() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").keyboardInteractiveOnly().start()));

        assertThatThrownBy(() -> echo(transport(), server)).isInstanceOfSatisfying(StepFailure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED));
        assertThat(server.authRequests).isEmpty();
    }

    @Test
    void withoutAnyKeyNothingIsSentAndTheHostFailsAsAuthFailed() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().identityFiles(List.of()).build());

        assertThatThrownBy(() -> echo(ssh, server)).isInstanceOfSatisfying(StepFailure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED));
        assertThat(server.authRequests).isEmpty();
    }

    @Test
    void eachSessionLogsInTheSameWay() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();

        for (int i = 0; i < 3; i++) {
            // distinct users: distinct sessions to one endpoint
            Host h = new Host("web0" + i, new SshOptions(server.address(), server.port(), "user" + i, List.of(), null,
                    null, null), Map.of(), List.of(), null, Map.of());
            try (Connection c = ssh.connect(h)) {
                assertThat(c.exec(ExecRequest.of("echo " + i)).stdoutText()).isEqualTo(i + "\n");
            }
        }

        assertThat(server.authRequests).containsExactly("publickey signed", "publickey signed", "publickey signed");
    }

    @Test
    void openSshsHostKeysNoticeIsTakenWithoutReadingItsKeys() throws Exception {
        ByteArrayBuffer notAKey = new ByteArrayBuffer(new byte[] {0, 0, 0, 9, 'g', 'a', 'r', 'b', 'a', 'g', 'e'});

        assertThat(DirectAuth.IGNORE_HOST_KEYS_NOTICE.process(null, "hostkeys-00@openssh.com", false, notAKey))
                .isEqualTo(RequestHandler.Result.Replied);
        assertThat(notAKey.rpos()).isZero();
        assertThat(DirectAuth.IGNORE_HOST_KEYS_NOTICE.process(null, "hostkeys-00@openssh.com", true, notAKey))
                .isEqualTo(RequestHandler.Result.ReplyFailure);
        assertThat(DirectAuth.IGNORE_HOST_KEYS_NOTICE.process(null, "keepalive@openssh.com", false, notAKey))
                .isEqualTo(RequestHandler.Result.Unsupported);
    }
}
