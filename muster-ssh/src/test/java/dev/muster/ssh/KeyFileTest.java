package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key files made by the real ssh-keygen, in every format users have lying around. */
class KeyFileTest extends SshTestSupport {
    TestServer server;

    @BeforeEach
    void needSshKeygen() throws Exception {
        assumeTrue(TestKeys.hasSshKeygen(), "ssh-keygen is not installed: skipping key file tests");
        server = trusted(closeLater(TestServer.on("127.0.0.1").start()));
    }

    private Path keygen(String name, String type, String passphrase, String... extra) throws Exception {
        Path key = TestKeys.sshKeygen(dir.resolve(name), type, passphrase, extra);
        server.authorize(TestKeys.readPublicKey(Path.of(key + ".pub")));
        return key;
    }

    private String echoWith(Path key, Function<Path, char[]> passphrases) throws Exception {
        SshTransport ssh = transport(config().identityFiles(List.of(key)).passphraseProvider(passphrases).build());
        try (Connection c = ssh.connect(host(server))) {
            return c.exec(ExecRequest.of("echo in")).stdoutText();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "ed25519, OPENSSH",
            "ecdsa, OPENSSH",
            "rsa, OPENSSH",
            "rsa, PEM",
            "ecdsa, PEM",
            "rsa, PKCS8",
    })
    void unencryptedKeyOfEveryTypeAndFormatAuthenticates(String type, String format) throws Exception {
        String[] extra = format.equals("OPENSSH") ? new String[0] : new String[] {"-m", format};
        Path key = keygen("id_" + type + "_" + format, type, "", extra);

        assertThat(echoWith(key, null)).isEqualTo("in\n");
    }

    @Test
    void encryptedKeyIsDecryptedWithThePassphraseProvider() throws Exception {
        Path key = keygen("id_enc", "ed25519", "s3cret phrase");
        AtomicInteger asked = new AtomicInteger();

        String out = echoWith(key, path -> {
            asked.incrementAndGet();
            assertThat(path).isEqualTo(key);
            return "s3cret phrase".toCharArray();
        });

        assertThat(out).isEqualTo("in\n");
        assertThat(asked.get()).isEqualTo(1);
    }

    @Test
    void passphraseProviderIsNotAskedForUnencryptedKeys() throws Exception {
        Path key = keygen("id_plain", "ed25519", "");
        AtomicInteger asked = new AtomicInteger();

        echoWith(key, path -> {
            asked.incrementAndGet();
            return new char[0];
        });

        assertThat(asked.get()).isZero();
    }

    @Test
    void encryptedKeyWithoutAProviderIsAuthFailedSayingSo() throws Exception {
        Path key = keygen("id_locked", "ecdsa", "locked");

        assertThatThrownBy(() -> echoWith(key, null))
                .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED))
                .hasMessageContaining("encrypted")
                .hasMessageContaining(key.toString());
    }

    @Test
    void wrongPassphraseIsAuthFailed() throws Exception {
        Path key = keygen("id_wrong", "rsa", "right", "-b", "2048");

        assertThatThrownBy(() -> echoWith(key, p -> "wrong".toCharArray()))
                .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.AUTH_FAILED))
                .hasMessageContaining(key.toString());
    }
}
