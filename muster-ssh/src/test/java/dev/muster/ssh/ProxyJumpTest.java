package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reaching a host through in-process bastions that allow port forwarding. */
class ProxyJumpTest extends SshTestSupport {
    TestServer bastion;
    TestServer target;

    @BeforeEach
    void startServers() throws Exception {
        bastion = trusted(closeLater(TestServer.on("127.0.0.1").forwarding().start().authorize(clientKey.getPublic())));
        target = trusted(closeLater(TestServer.on("127.0.0.2").start().authorize(clientKey.getPublic())));
    }

    private static Host via(TestServer target, String proxyJump) {
        return new Host("db01", new SshOptions(target.address(), target.port(), null, List.of(), proxyJump, null, null),
                Map.of(), List.of(), null, Map.of());
    }

    private static String echo(SshTransport ssh, Host host) throws Exception {
        try (Connection c = ssh.connect(host)) {
            return c.exec(ExecRequest.of("echo behind")).stdoutText();
        }
    }

    @Test
    void commandRunsOnTheTargetBehindTheBastion() throws Exception {
        SshTransport ssh = transport();

        assertThat(echo(ssh, via(target, "tester@127.0.0.1:" + bastion.port()))).isEqualTo("behind\n");

        assertThat(bastion.sessionsCreated.get()).isEqualTo(1);
        assertThat(target.sessionsCreated.get()).isEqualTo(1);
        assertThat(bastion.runningCommands.get()).isZero();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // guards against a limiter deadlock: one permit, shared bastion
    void hostsBehindOneBastionShareOneBastionSession() throws Exception {
        TestServer second = trusted(closeLater(TestServer.on("127.0.0.4").start().authorize(clientKey.getPublic())));
        SshTransport ssh = transport(config().handshakesPerEndpoint(1).build());
        String jump = "127.0.0.1:" + bastion.port();

        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                TestServer t = i % 2 == 0 ? target : second;
                results.add(pool.submit(() -> echo(ssh, via(t, jump))));
            }
        }

        for (var r : results) {
            assertThat(r.get()).isEqualTo("behind\n");
        }
        assertThat(bastion.sessionsCreated.get()).isEqualTo(1);
        assertThat(target.sessionsCreated.get() + second.sessionsCreated.get()).isEqualTo(2);
    }

    @Test
    void bastionSessionIsReapedOnlyAfterTheHostsBehindIt() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        SshTransport ssh = closeLater(new SshTransport(config().idleTimeout(java.time.Duration.ofSeconds(60)).build(),
                now::get, false));
        echo(ssh, via(target, "127.0.0.1:" + bastion.port()));
        now.addAndGet(java.time.Duration.ofSeconds(61).toNanos());

        assertThat(ssh.reapIdle()).as("the target only: its forward keeps the bastion in use").isEqualTo(1);
        PoolTest.await(() -> ssh.stats().active() == 0);
        assertThat(ssh.stats().idle()).isEqualTo(1);
        assertThat(ssh.reapIdle()).as("idle since the target closed, at the same instant").isZero();
        now.addAndGet(java.time.Duration.ofSeconds(61).toNanos());
        assertThat(ssh.reapIdle()).isEqualTo(1);

        PoolTest.await(() -> bastion.sessionsClosed.get() == 1);
    }

    @Test
    void jumpHostNameIsResolvedThroughTheAliasResolver() throws Exception {
        SshTransport ssh = transport(config()
                .aliasResolver(name -> name.equals("bastion") ? SshOptions.of("127.0.0.1", bastion.port()) : null)
                .build());

        assertThat(echo(ssh, via(target, "bastion"))).isEqualTo("behind\n");
    }

    @Test
    void chainOfTwoJumpHostsIsFollowedInOrder() throws Exception {
        TestServer second = trusted(closeLater(TestServer.on("127.0.0.3").forwarding().start()
                .authorize(clientKey.getPublic())));
        SshTransport ssh = transport();

        String chain = "127.0.0.1:" + bastion.port() + ",127.0.0.3:" + second.port();
        assertThat(echo(ssh, via(target, chain))).isEqualTo("behind\n");

        assertThat(bastion.sessionsCreated.get()).isEqualTo(1);
        assertThat(second.sessionsCreated.get()).isEqualTo(1);
    }

    @Test
    void unknownJumpHostKeyIsRefusedNamingTheJumpHost() throws Exception {
        TestServer stranger = closeLater(TestServer.on("127.0.0.1").forwarding().start()
                .authorize(clientKey.getPublic()));
        SshTransport ssh = transport();

        assertThatThrownBy(() -> ssh.connect(via(target, "127.0.0.1:" + stranger.port())))
                .isInstanceOfSatisfying(StepFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_UNKNOWN))
                .hasMessageContaining("jump host");
        assertThat(target.sessionsCreated.get()).isZero();
    }

    @Test
    void targetKeyIsCheckedUnderItsOwnNameNotTheForwardedPort() throws Exception {
        TestServer impostor = closeLater(TestServer.on("127.0.0.2").start().authorize(clientKey.getPublic()));
        // Would match the local end of the forward if the key were checked against the socket.
        java.nio.file.Files.writeString(knownHosts, "[127.0.0.1]:* "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(impostor.hostKey()) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        SshTransport ssh = transport();

        assertThatThrownBy(() -> ssh.connect(via(impostor, "127.0.0.1:" + bastion.port())))
                .isInstanceOfSatisfying(StepFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_UNKNOWN))
                .hasMessageContaining("[127.0.0.2]:" + impostor.port());
    }

    @Test
    void closingTheTransportClosesJumpSessions() throws Exception {
        SshTransport ssh = transport();
        echo(ssh, via(target, "127.0.0.1:" + bastion.port()));

        ssh.close();

        PoolTest.await(() -> bastion.sessionsClosed.get() == 1);
    }
}
