package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTransportConfigTest {

    @Test
    void defaultsFollowOpenSshAndStayUnderItsMaxSessions() {
        SshTransportConfig c = SshTransportConfig.defaults();

        assertThat(c.defaultUser()).isEqualTo(System.getProperty("user.name"));
        assertThat(c.knownHostsFile()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(c.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.keepaliveInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.maxSessions()).isEqualTo(4096);
        assertThat(c.maxChannelsPerSession()).isEqualTo(8).isLessThan(10);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.handshakesPerEndpoint()).isEqualTo(8);
        assertThat(c.handshakesGlobal()).isEqualTo(64);
        assertThat(c.handshakeRetries()).isEqualTo(6);
        assertThat(c.tcpQuickAck()).isTrue();
    }

    @Test
    void defaultKeysAreTheOpenSshOnesThatExistInOrder(@TempDir Path ssh) throws Exception {
        Files.writeString(ssh.resolve("id_rsa"), "x");
        Files.writeString(ssh.resolve("id_ed25519"), "x");

        assertThat(SshTransportConfig.defaultIdentityFiles(ssh))
                .containsExactly(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa"));
    }

    @Test
    void withersAndToBuilderKeepEveryOtherField() {
        SshTransportConfig c = SshTransportConfig.builder().maxSessions(7).addIdentityFile(Path.of("/k")).build();

        SshTransportConfig changed = c.withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW);

        assertThat(changed.hostKeyPolicy()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
        assertThat(changed.maxSessions()).isEqualTo(7);
        assertThat(changed.identityFiles()).endsWith(Path.of("/k"));
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void nonsenseLimitsAreRejectedUpFront() {
        assertThatThrownBy(() -> SshTransportConfig.builder().maxChannelsPerSession(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxChannelsPerSession");
        assertThatThrownBy(() -> SshTransportConfig.builder().handshakeRetries(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reaperRunsOftenEnoughForShortIdleTimeoutsAndRarelyForLongOnes() {
        assertThat(SshTransport.reapPeriod(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(25));
        assertThat(SshTransport.reapPeriod(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
        assertThat(SshTransport.reapPeriod(Duration.ZERO)).isEqualTo(Duration.ofMillis(10));
    }
}
