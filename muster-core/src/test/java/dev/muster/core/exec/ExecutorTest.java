package dev.muster.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExecutorTest {
    private final FakeTransport transport = new FakeTransport();
    private final Executor executor = new Executor(transport, Clock.systemUTC(), new Random(1));
    private final Step echo = CommandStep.command("hostname", false);

    private static List<Host> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> Host.of(String.format("h%04d", i), "127.0.0.1", 22))
                .toList();
    }

    private static ExecutorOptions opts(int forks) {
        return ExecutorOptions.defaults().withForks(forks);
    }

    @Test
    void everyHostIsAccountedForExactlyOnceInHostOrder() throws Exception {
        List<Host> hosts = hosts(500);
        for (int i = 0; i < 500; i += 7) {
            transport.behaviours.put(hosts.get(i).name(), (r, c) -> FakeTransport.exit(3, "boom"));
        }
        for (int i = 3; i < 500; i += 11) {
            transport.connectFailures.put(hosts.get(i).name(),
                    new StepFailure(FailureKind.CONNECT_REFUSED, "refused"));
        }
        List<Outcome> finished = new CopyOnWriteArrayList<>();
        RunResult result = executor.run(hosts, echo, opts(32), new RunListener() {
            @Override
            public void hostFinished(Outcome outcome) {
                finished.add(outcome);
            }
        });

        assertThat(result.outcomes()).extracting(Outcome::host)
                .containsExactlyElementsOf(hosts.stream().map(Host::name).toList());
        assertThat(finished).hasSize(500).extracting(Outcome::host).doesNotHaveDuplicates();
        assertThat(result.outcomes().get(0).status()).isEqualTo(Status.FAILED);
        assertThat(result.outcomes().get(0).exitCode()).isEqualTo(3);
        assertThat(result.outcomes().get(3).status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.outcomes().get(3).kind()).isEqualTo(FailureKind.CONNECT_REFUSED);
        assertThat(result.outcomes().get(1).status()).isEqualTo(Status.OK);
        assertThat(result.outcomes().get(1).stdout()).isEqualTo("h0002\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(transport.closedLeases.get()).isEqualTo(500 - result.counts().get(Status.UNREACHABLE));
    }

    @Test
    void fanOutNeverExceedsForks() throws Exception {
        for (Host h : hosts(200)) {
            transport.behaviours.put(h.name(), (r, c) -> {
                Thread.sleep(2);
                return FakeTransport.ok("x");
            });
        }
        RunResult result = executor.run(hosts(200), echo, opts(7), null);
        assertThat(result.allSucceeded()).isTrue();
        assertThat(transport.maxInFlight.get()).isLessThanOrEqualTo(7);
    }

    @Test
    void retryableFailureIsRetriedWithBackoffThenSucceeds() throws Exception {
        Host flaky = hosts(1).getFirst();
        transport.behaviours.put(flaky.name(), (r, call) -> {
            if (call < 3) {
                throw new StepFailure(FailureKind.CONNECTION_LOST, "reset");
            }
            return FakeTransport.ok("fine\n");
        });
        List<Duration> delays = new ArrayList<>();
        ExecutorOptions o = opts(4).withRetry(new RetryPolicy(5, Duration.ofMillis(4), Duration.ofMillis(20)));
        RunResult result = executor.run(List.of(flaky), echo, o, new RunListener() {
            @Override
            public void retrying(Host host, Outcome failed, Duration delay) {
                assertThat(failed.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
                delays.add(delay);
            }
        });
        Outcome out = result.outcomes().getFirst();
        assertThat(out.status()).isEqualTo(Status.OK);
        assertThat(out.attempts()).isEqualTo(3);
        assertThat(delays).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(20)));
        assertThat(transport.invalidated.get()).isEqualTo(2);
    }

    @Test
    void unreachableHostIsRetriedThenReportedOnce() throws Exception {
        Host down = hosts(1).getFirst();
        transport.connectFailures.put(down.name(), new StepFailure(FailureKind.CONNECT_REFUSED, "refused"));
        List<Outcome> finished = new CopyOnWriteArrayList<>();
        ExecutorOptions o = opts(4).withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)));
        RunResult result = executor.run(List.of(down), echo, o, new RunListener() {
            @Override
            public void hostFinished(Outcome outcome) {
                finished.add(outcome);
            }
        });
        assertThat(finished).hasSize(1);
        assertThat(result.outcomes().getFirst().status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.outcomes().getFirst().attempts()).isEqualTo(3);
        assertThat(transport.calls.get(down.name()).get()).isEqualTo(3);
    }

    @Test
    void commandFailuresAndAuthFailuresAreNotRetried() throws Exception {
        List<Host> two = hosts(2);
        transport.behaviours.put(two.get(0).name(), (r, c) -> FakeTransport.exit(1, "no"));
        transport.connectFailures.put(two.get(1).name(), new StepFailure(FailureKind.AUTH_FAILED, "denied"));
        RunResult result = executor.run(two, echo, opts(2).withRetry(RetryPolicy.retries(5)), null);
        assertThat(result.outcomes()).extracting(Outcome::attempts).containsExactly(1, 1);
        assertThat(result.outcomes()).extracting(Outcome::kind)
                .containsExactly(FailureKind.COMMAND_FAILED, FailureKind.AUTH_FAILED);
    }

    @Test
    void hungHostTimesOutKeepingItsPartialOutputWhileOthersFinish() throws Exception {
        List<Host> three = hosts(3);
        transport.behaviours.put(three.get(1).name(), (r, c) -> {
            byte[] partial = "started\n".getBytes(StandardCharsets.UTF_8);
            r.sink().write(OutputSink.Stream.STDOUT, partial, 0, partial.length);
            new CountDownLatch(1).await();
            return FakeTransport.ok("never");
        });
        RunResult result = executor.run(three, echo, opts(3).withHostTimeout(Duration.ofMillis(200)), null);
        Outcome hung = result.outcomes().get(1);
        assertThat(hung.status()).isEqualTo(Status.FAILED);
        assertThat(hung.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(hung.stdout()).isEqualTo("started\n");
        assertThat(result.outcomes().get(0).status()).isEqualTo(Status.OK);
        assertThat(result.outcomes().get(2).status()).isEqualTo(Status.OK);
        assertThat(transport.invalidated.get()).isEqualTo(1);
    }

    @Test
    void deadlineSkipsHostsNotYetStartedAndStopsThoseInFlight() throws Exception {
        List<Host> hosts = hosts(10);
        for (Host h : hosts) {
            transport.behaviours.put(h.name(), (r, c) -> {
                new CountDownLatch(1).await();
                return FakeTransport.ok("never");
            });
        }
        RunResult result = executor.run(hosts, echo, opts(2).withDeadline(Duration.ofMillis(300)), null);
        assertThat(result.outcomes()).hasSize(10);
        assertThat(result.outcomes().subList(0, 2)).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED);
        });
        assertThat(result.outcomes().subList(2, 10)).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Status.SKIPPED);
            assertThat(o.kind()).isEqualTo(FailureKind.DEADLINE_EXCEEDED);
            assertThat(o.attempts()).isZero();
        });
    }

    @Test
    void cancelKeepsReceivedOutputAndAccountsForEveryHost() throws Exception {
        List<Host> hosts = hosts(6);
        CountDownLatch twoStarted = new CountDownLatch(2);
        for (Host h : hosts) {
            transport.behaviours.put(h.name(), (r, c) -> {
                byte[] line = (h.name() + " working\n").getBytes(StandardCharsets.UTF_8);
                r.sink().write(OutputSink.Stream.STDOUT, line, 0, line.length);
                twoStarted.countDown();
                new CountDownLatch(1).await();
                return FakeTransport.ok("never");
            });
        }
        Executor.RunHandle handle = executor.start(hosts, echo, opts(2), null);
        twoStarted.await();
        handle.cancel();
        RunResult result = handle.await();
        assertThat(result.cancelled()).isTrue();
        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.outcomes()).hasSize(6);
        assertThat(result.outcomes().subList(0, 2)).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(FailureKind.CANCELLED);
            assertThat(o.stdout()).endsWith(" working\n");
        });
        assertThat(result.outcomes().subList(2, 6)).allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.SKIPPED));
    }

    @Test
    void outputIsDeliveredToListenersLineByLine() throws Exception {
        Host h = hosts(1).getFirst();
        transport.behaviours.put(h.name(), (r, c) -> FakeTransport.ok("one\ntwo\r\nthree"));
        List<String> lines = new CopyOnWriteArrayList<>();
        executor.run(List.of(h), echo, opts(1), new RunListener() {
            @Override
            public void outputLine(Host host, OutputSink.Stream stream, String line) {
                lines.add(host.name() + ":" + line);
            }
        });
        assertThat(lines).containsExactly("h0001:one", "h0001:two", "h0001:three");
    }
}
