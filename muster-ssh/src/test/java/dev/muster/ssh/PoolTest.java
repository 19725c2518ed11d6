package dev.muster.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PoolTest extends SshTestSupport {

    /** Polls a condition the code under test reaches on its own threads (no fixed sleeps). */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(5);
        }
    }

    private static String echo(SshTransport ssh, TestServer server, String word) throws Exception {
        try (Connection c = ssh.connect(host(server))) {
            return c.exec(ExecRequest.of("echo " + word)).stdoutText();
        }
    }

    @Test
    void manyExecsOnOneHostShareOneSession() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();

        for (int i = 0; i < 20; i++) {
            assertThat(echo(ssh, server, "n" + i)).isEqualTo("n" + i + "\n");
        }

        assertThat(server.sessionsCreated.get()).isEqualTo(1);
        assertThat(ssh.stats()).isEqualTo(new PoolStats(0, 1, 0, 1, 0));
    }

    @Test
    void concurrentFirstConnectsToOneHostOpenOneSession() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().maxChannelsPerSession(8).build());

        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                String word = "w" + i;
                results.add(pool.submit(() -> echo(ssh, server, word)));
            }
        }

        for (int i = 0; i < 40; i++) {
            assertThat(results.get(i).get()).isEqualTo("w" + i + "\n");
        }
        assertThat(server.sessionsCreated.get()).isEqualTo(1);
        assertThat(ssh.stats().created()).isEqualTo(1);
    }

    @Test
    void leasedSessionCountsAsActive() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();

        try (Connection ignored = ssh.connect(host(server))) {
            assertThat(ssh.stats().active()).isEqualTo(1);
            assertThat(ssh.stats().idle()).isZero();
        }
        assertThat(ssh.stats().active()).isZero();
        assertThat(ssh.stats().idle()).isEqualTo(1);
    }

    @Test
    void parallelExecsBeyondTheServersChannelLimitAllSucceed() throws Exception {
        TestServer server = trusted(closeLater(TestServer.on("127.0.0.1").maxChannels(3).start()
                .authorize(clientKey.getPublic())));
        SshTransport ssh = transport(config().maxChannelsPerSession(3).build());

        List<Future<ExecResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> {
                    try (Connection c = ssh.connect(host(server))) {
                        return c.exec(ExecRequest.of("sleep 50"));
                    }
                }));
            }
        }

        for (Future<ExecResult> r : results) {
            assertThat(r.get().exitCode()).isZero();
        }
        assertThat(server.peakRunningCommands.get()).isLessThanOrEqualTo(3);
        assertThat(server.sessionsCreated.get()).isEqualTo(1);
    }

    @Test
    void callerWaitsForABusyChannelAndIsCountedAsWaiting() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().maxChannelsPerSession(1).build());
        Connection held = ssh.connect(host(server));
        Future<String> second;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            second = pool.submit(() -> echo(ssh, server, "after"));
            await(() -> ssh.stats().waiting() == 1);
            held.close();
        }

        assertThat(second.get()).isEqualTo("after\n");
        assertThat(ssh.stats().waiting()).isZero();
    }

    @Test
    void channelStayingBusyPastTheAcquireTimeoutIsPoolExhausted() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().maxChannelsPerSession(1).acquireTimeout(Duration.ofMillis(100)).build());

        try (Connection ignored = ssh.connect(host(server))) {
            assertThatThrownBy(() -> ssh.connect(host(server)))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.POOL_EXHAUSTED));
        }
    }

    @Test
    void callersBeyondTheWaitQueueAreTurnedAwayAtOnce() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().maxChannelsPerSession(1).maxWaiting(1).build());
        Connection held = ssh.connect(host(server));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> queued = pool.submit(() -> echo(ssh, server, "queued"));
            await(() -> ssh.stats().waiting() == 1);

            assertThatThrownBy(() -> ssh.connect(host(server)))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.POOL_EXHAUSTED))
                    .hasMessageContaining("waiting");
            held.close();
            assertThat(queued.get()).isEqualTo("queued\n");
        }
    }

    @Test
    void fullPoolClosesTheLeastRecentlyUsedIdleSessionForANewHost() throws Exception {
        TestServer a = server();
        TestServer b = server();
        SshTransport ssh = transport(config().maxSessions(1).acquireTimeout(Duration.ofMillis(500)).build());

        try (Connection ignored = ssh.connect(host(a))) {
            assertThatThrownBy(() -> ssh.connect(host(b)))
                    .isInstanceOfSatisfying(StepFailure.class,
                            f -> assertThat(f.kind()).isEqualTo(FailureKind.POOL_EXHAUSTED));
        }
        assertThat(echo(ssh, b, "b")).isEqualTo("b\n");

        await(() -> a.sessionsClosed.get() == 1);
        assertThat(ssh.stats().idle()).isEqualTo(1);
    }

    @Test
    void aCallerWaitingOnAFullPoolGetsTheSessionThatTurnsIdleMeanwhile() throws Exception {
        TestServer a = server();
        TestServer b = server();
        SshTransport ssh = transport(config().maxSessions(1).acquireTimeout(Duration.ofSeconds(20)).build());

        Future<String> waiter;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try (Connection held = ssh.connect(host(a))) {
                waiter = pool.submit(() -> echo(ssh, b, "b"));
                await(() -> ssh.stats().waiting() == 1);
            } // a's session turns idle here; nobody but the waiter can close it
            assertThat(waiter.get()).isEqualTo("b\n");
        }
        await(() -> a.sessionsClosed.get() == 1);
    }

    @Test
    void newHostsRacingForAFullPoolEachCloseADifferentIdleSession() throws Exception {
        int size = 4;
        List<TestServer> old = new ArrayList<>();
        List<TestServer> fresh = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            old.add(server());
            fresh.add(server());
        }
        // a short wait: one close frees one permit, so callers that picked the same idle session
        // would wait out the timeout
        SshTransport ssh = transport(config().maxSessions(size).acquireTimeout(Duration.ofSeconds(5)).build());
        for (TestServer s : old) {
            assertThat(echo(ssh, s, "old")).isEqualTo("old\n");
        }

        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (TestServer s : fresh) {
                results.add(pool.submit(() -> echo(ssh, s, "new")));
            }
            for (Future<String> r : results) {
                assertThat(r.get()).isEqualTo("new\n");
            }
        }
        await(() -> old.stream().mapToInt(s -> s.sessionsClosed.get()).sum() == size);
    }

    @Test
    void idleSessionsAreClosedByTheReaper() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport(config().idleTimeout(Duration.ofMillis(100)).build());

        echo(ssh, server, "x");

        await(() -> server.sessionsClosed.get() == 1);
        await(() -> ssh.stats().idle() == 0);
        assertThat(echo(ssh, server, "y")).isEqualTo("y\n");
        assertThat(ssh.stats().created()).isEqualTo(2);
    }

    @Test
    void sessionPastItsLifetimeIsReplacedAndClosedWhenItsLastLeaseReturns() throws Exception {
        TestServer server = server();
        AtomicLong now = new AtomicLong();
        SshTransport ssh = closeLater(new SshTransport(config().maxLifetime(Duration.ofMinutes(10))
                .idleTimeout(Duration.ofHours(1)).build(), now::get, false));

        Connection old = ssh.connect(host(server));
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(echo(ssh, server, "fresh")).isEqualTo("fresh\n");

        assertThat(ssh.stats()).isEqualTo(new PoolStats(1, 1, 0, 2, 0));
        assertThat(old.exec(ExecRequest.of("echo old")).stdoutText()).as("a lease outlives the limit")
                .isEqualTo("old\n");
        old.close();
        await(() -> server.sessionsClosed.get() == 1);
    }

    @Test
    void reaperLeavesSessionsInUseAlone() throws Exception {
        TestServer server = server();
        AtomicLong now = new AtomicLong();
        SshTransport ssh = closeLater(new SshTransport(config().idleTimeout(Duration.ofSeconds(60)).build(), now::get, false));

        try (Connection c = ssh.connect(host(server))) {
            now.addAndGet(Duration.ofMinutes(5).toNanos());
            assertThat(ssh.reapIdle()).isZero();
            assertThat(c.exec(ExecRequest.of("echo alive")).stdoutText()).isEqualTo("alive\n");
        }
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(ssh.reapIdle()).isZero();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(ssh.reapIdle()).isEqualTo(1);
    }

    @Test
    void closingTheTransportClosesEverySession() throws Exception {
        TestServer server = server();
        SshTransport ssh = new SshTransport(config().build());
        echo(ssh, server, "x");

        ssh.close();

        await(() -> server.sessionsClosed.get() == 1);
    }
    @Test
    void editedKnownHostsRetiresPooledSessionsSoTheHostKeyIsCheckedAgain() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();
        assertThat(echo(ssh, server, "a")).isEqualTo("a\n");
        assertThat(echo(ssh, server, "b")).isEqualTo("b\n");
        assertThat(server.sessionsCreated.get()).isEqualTo(1);

        // touched only: same contents, the session is still trusted
        java.nio.file.Files.setLastModifiedTime(knownHosts, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 10_000));
        assertThat(echo(ssh, server, "c")).isEqualTo("c\n");
        assertThat(server.sessionsCreated.get()).isEqualTo(1);

        java.nio.file.Files.writeString(knownHosts, "# reviewed\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(echo(ssh, server, "d")).isEqualTo("d\n");
        assertThat(server.sessionsCreated.get()).isEqualTo(2);
        assertThat(echo(ssh, server, "e")).isEqualTo("e\n");
        assertThat(server.sessionsCreated.get()).isEqualTo(2);
    }

    @Test
    void aHostKeyRemovedFromKnownHostsIsRefusedThoughASessionToItIsPooled() throws Exception {
        TestServer server = server();
        SshTransport ssh = transport();
        assertThat(echo(ssh, server, "a")).isEqualTo("a\n");

        java.nio.file.Files.writeString(knownHosts, "");

        assertThatThrownBy(() -> echo(ssh, server, "b")).isInstanceOfSatisfying(StepFailure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.HOST_KEY_UNKNOWN));
        // a new connection was made, and refused at its key exchange
        assertThat(server.sessionsCreated.get()).isEqualTo(2);
        assertThat(ssh.stats().failed()).isEqualTo(1);
    }
}
