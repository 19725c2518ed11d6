package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;

class HostKeyTest extends SshTestSupport {

    private TestServer untrustedServer() throws Exception {
        return closeLater(TestServer.on("127.0.0.1").start().authorize(clientKey.getPublic()));
    }

    private String echo(SshTransport ssh, Host host) throws Exception {
        try (Connection c = ssh.connect(host)) {
            return c.exec(ExecRequest.of("echo ok")).stdoutText();
        }
    }

    private static StepFailure failureOf(ThrowingRunnable r) {
        try {
            r.run();
        } catch (StepFailure f) {
            return f;
        } catch (Exception e) {
            throw new AssertionError("expected a StepFailure", e);
        }
        throw new AssertionError("expected a StepFailure, nothing was thrown");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprintAndTheWayOut() throws Exception {
        TestServer server = untrustedServer();
        SshTransport ssh = transport();

        StepFailure f = failureOf(() -> ssh.connect(host(server)));

        assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_UNKNOWN);
        assertThat(f.getMessage())
                .contains("web01", "[127.0.0.1]:" + server.port(), KeyUtils.getFingerPrint(server.hostKey()),
                        "--accept-new");
        assertThat(Files.exists(knownHosts)).isFalse();
    }

    @Test
    void changedHostKeyIsRefusedNamingBothFingerprints() throws Exception {
        KeyPair oldKey = TestKeys.ecKeyPair();
        TestServer server = untrustedServer();
        Files.writeString(knownHosts, KnownHosts.hostId("127.0.0.1", server.port()) + " "
                + PublicKeyEntry.toString(oldKey.getPublic()) + "\n");
        SshTransport ssh = transport();

        StepFailure f = failureOf(() -> ssh.connect(host(server)));

        assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH);
        assertThat(f.getMessage()).contains("web01", KeyUtils.getFingerPrint(oldKey.getPublic()),
                KeyUtils.getFingerPrint(server.hostKey()), knownHosts.toString());
    }

    @Test
    void acceptNewRecordsAnUnknownKeyThenTrustsIt() throws Exception {
        TestServer server = untrustedServer();
        SshTransport ssh = transport(config().hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).build());

        assertThat(echo(ssh, host(server))).isEqualTo("ok\n");

        assertThat(Files.readAllLines(knownHosts)).containsExactly(server.knownHostsLine());
        SshTransport strict = transport();
        assertThat(echo(strict, host(server))).isEqualTo("ok\n");
    }

    @Test
    void acceptNewStillRefusesAChangedKeyAndLeavesKnownHostsAlone() throws Exception {
        KeyPair oldKey = TestKeys.ecKeyPair();
        TestServer server = untrustedServer();
        String line = KnownHosts.hostId("127.0.0.1", server.port()) + " " + PublicKeyEntry.toString(oldKey.getPublic());
        Files.writeString(knownHosts, line + "\n");
        SshTransport ssh = transport(config().hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).build());

        StepFailure f = failureOf(() -> ssh.connect(host(server)));

        assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH);
        assertThat(Files.readAllLines(knownHosts)).containsExactly(line);
    }

    @Test
    void aKeyOfANewTypeForAHostKnownByAnotherTypeIsAChangedKeyEvenWithAcceptNew() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair onRecord = rsa.generateKeyPair(); // the server no longer has it
        TestServer server = untrustedServer();
        String line = KnownHosts.hostId("127.0.0.1", server.port()) + " " + PublicKeyEntry.toString(onRecord.getPublic());
        Files.writeString(knownHosts, line + "\n");
        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            SshTransport ssh = transport(config().hostKeyPolicy(policy).build());

            StepFailure f = failureOf(() -> ssh.connect(host(server)));

            assertThat(f.kind()).as(policy.name()).isEqualTo(FailureKind.HOST_KEY_MISMATCH);
            assertThat(f.getMessage()).contains("ssh-rsa " + KeyUtils.getFingerPrint(onRecord.getPublic()),
                    KeyUtils.getFingerPrint(server.hostKey()));
            assertThat(Files.readAllLines(knownHosts)).containsExactly(line);
        }
    }

    @Test
    void hashedKnownHostsEntriesMatch() throws Exception {
        TestServer server = untrustedServer();
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(KnownHosts.hostId("127.0.0.1", server.port()).getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(knownHosts, "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " "
                + PublicKeyEntry.toString(server.hostKey()) + "\n");

        assertThat(echo(transport(), host(server))).isEqualTo("ok\n");
    }

    @Test
    void hostNamedByAliasIsAlsoMatchedByItsAddress() throws Exception {
        TestServer server = untrustedServer();
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(server.hostKey())
                + "\n");
        Host byName = Host.of("web01", "localhost", server.port());

        assertThat(echo(transport(), byName)).isEqualTo("ok\n");
    }

    @Test
    void keyTypeOnRecordIsNegotiatedEvenWhenTheServerPrefersAnother() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKey = rsa.generateKeyPair();
        TestServer server = closeLater(TestServer.on("127.0.0.1").extraHostKeys(rsaKey).start()
                .authorize(clientKey.getPublic()));
        Files.writeString(knownHosts, KnownHosts.hostId("127.0.0.1", server.port()) + " "
                + PublicKeyEntry.toString(rsaKey.getPublic()) + "\n");

        assertThat(echo(transport(), host(server))).isEqualTo("ok\n");
    }

    @Test
    void withNothingOnRecordTheServersPreferredKeyIsTheOneChecked() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TestServer server = closeLater(TestServer.on("127.0.0.1").extraHostKeys(rsa.generateKeyPair()).start()
                .authorize(clientKey.getPublic()));

        StepFailure f = failureOf(() -> transport().connect(host(server)));

        assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_UNKNOWN);
        assertThat(f.getMessage()).contains(KeyUtils.getFingerPrint(server.hostKey()));
    }

    @Test
    void revokedKeyIsRefusedEvenWhenAlsoListed() throws Exception {
        TestServer server = untrustedServer();
        String key = PublicKeyEntry.toString(server.hostKey());
        Files.write(knownHosts, List.of("[127.0.0.1]:" + server.port() + " " + key, "@revoked * " + key));

        assertThatThrownBy(() -> transport().connect(host(server)))
                .isInstanceOfSatisfying(StepFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH))
                .hasMessageContaining("revoked");
    }
}
