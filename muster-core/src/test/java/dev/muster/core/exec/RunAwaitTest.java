package dev.muster.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Waiting for a run ends by the run's own limits, whatever happens to its hosts' threads. */
class RunAwaitTest {
    private static final Duration GRACE = Duration.ofMillis(200);

    private static List<Host> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> Host.of(String.format("h%04d", i), "127.0.0.1", 22))
                .toList();
    }

    private static Run run(List<Host> hosts, ExecutorOptions options, RunListener listener) {
        return new Run(hosts, CommandStep.command("hostname", false), options, listener, new FakeTransport(),
                Clock.systemUTC(), new Random(1), GRACE);
    }

    @Test
    void aHostTheEngineCannotFinishFailsWhenTheRunsLimitsArePastInsteadOfHangingTheRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runsFinished = new AtomicInteger();
        RunListener stuckOnSecondHost = new RunListener() {
            @Override
            public void hostStarted(Host host, int attempt) {
                if (host.name().equals("h0002")) {
                    awaitIgnoringInterrupts(release); // as a thread that never gets to run
                }
            }

            @Override
            public void runFinished(RunResult result) {
                runsFinished.incrementAndGet();
            }
        };
        Run run = run(hosts(3), ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(2)), stuckOnSecondHost);
        try {
            run.start();
            RunResult result = run.await();

            assertThat(result.outcomes()).extracting(Outcome::host).containsExactly("h0001", "h0002", "h0003");
            assertThat(result.outcomes().get(0).status()).isEqualTo(Status.OK);
            assertThat(result.outcomes().get(2).status()).isEqualTo(Status.OK);
            Outcome stuck = result.outcomes().get(1);
            assertThat(stuck.status()).isEqualTo(Status.FAILED);
            assertThat(stuck.kind()).isEqualTo(FailureKind.INTERNAL);
            assertThat(stuck.message()).isEqualTo("the engine gave up on this host: no outcome 2.4s after the run "
                    + "started, though its limits end at 2s");
            assertThat(result.cancelled()).as("stopped by its limits, not cancelled by the user").isFalse();
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(run.await()).isSameAs(result);
        } finally {
            release.countDown();
        }
        assertThat(runsFinished.get()).isEqualTo(1);
    }

    @Test
    void theLimitIsTheDeadlineOrElseEveryWaveOfHostsWithAllItsAttemptsAndBackoffs() {
        ExecutorOptions fiveSeconds = ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(5));
        assertThat(run(hosts(120), fiveSeconds.withForks(50), null).waitLimit())
                .as("3 waves of 5 s").isEqualTo(Duration.ofSeconds(15).plus(GRACE));
        RetryPolicy twoRetries = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(run(hosts(10), fiveSeconds.withRetry(twoRetries), null).waitLimit())
                .as("3 attempts of 5 s and 2 backoffs of at most 2 s").isEqualTo(Duration.ofSeconds(19).plus(GRACE));
        assertThat(run(hosts(120), fiveSeconds.withDeadline(Duration.ofSeconds(7)), null).waitLimit())
                .isEqualTo(Duration.ofSeconds(7).plus(GRACE));
        assertThat(run(hosts(3), ExecutorOptions.defaults(), null).waitLimit()).as("no limit asked for").isNull();
    }

    @Test
    void aCancelledRunThatStopsInTimeIsCancelledAndEveryHostAccountedFor() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        FakeTransport transport = new FakeTransport();
        transport.behaviours.put("h0001", (r, c) -> {
            started.countDown();
            Thread.sleep(Duration.ofMinutes(5));
            return FakeTransport.ok("late");
        });
        Run run = new Run(hosts(2), CommandStep.command("hostname", false),
                ExecutorOptions.defaults().withHostTimeout(Duration.ofMinutes(10)), null, transport,
                Clock.systemUTC(), new Random(1), GRACE);
        run.start();
        started.await();
        run.cancel();
        RunResult result = run.await();
        assertThat(result.cancelled()).isTrue();
        assertThat(result.outcomes()).hasSize(2);
        assertThat(result.outcomes().get(0).kind()).isEqualTo(FailureKind.CANCELLED);
        // h0002 answers at once, but the cancel may still come first: done or cancelled, never lost
        assertThat(result.outcomes().get(1).kind()).isIn(null, FailureKind.CANCELLED);
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: this thread plays one the run cannot stop
            }
        }
    }
}
