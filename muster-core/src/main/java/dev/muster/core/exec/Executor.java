package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The one place that knows about concurrency: runs a {@link Step} on many hosts with bounded
 * fan-out, per-host timeouts, a whole-run deadline, retries with backoff and cancellation,
 * reporting through a {@link RunListener}. Every host gets exactly one {@link Outcome}.
 */
public final class Executor {
    private final Transport transport;
    private final Clock clock;
    private final RandomGenerator random;
    private final Set<Run> live = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    public Executor(Transport transport) {
        this(transport, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    /** Test seam: a fixed clock base and a seeded random for backoff jitter. */
    public Executor(Transport transport, Clock clock, RandomGenerator random) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = clock;
        this.random = random;
    }

    /** Starts the run in the background; the handle can cancel it and await the result. */
    public RunHandle start(List<Host> hosts, Step step, ExecutorOptions options, RunListener listener) {
        Run run = new Run(List.copyOf(hosts), step, options, listener, transport, clock, random);
        live.removeIf(Run::done);
        live.add(run);
        run.start();
        if (cancelled) {
            run.cancel();
        }
        return run;
    }

    /**
     * Cancels every run started here that is still going, and every run started from now on (its
     * hosts are skipped as cancelled): Ctrl-C for a command made of several runs, such as a plan.
     */
    public void cancelAll() {
        cancelled = true;
        live.forEach(Run::cancel);
    }

    /** Runs to completion on the calling thread's behalf. */
    public RunResult run(List<Host> hosts, Step step, ExecutorOptions options, RunListener listener)
            throws InterruptedException {
        RunHandle handle = start(hosts, step, options, listener);
        try {
            return handle.await();
        } catch (InterruptedException e) {
            handle.cancel();
            return handle.await();
        }
    }

    /** A run in progress. */
    public interface RunHandle {
        /** Stops starting hosts and interrupts those in flight; output received is kept. */
        void cancel();

        RunResult await() throws InterruptedException;

        /** Time since the run started. */
        Duration elapsed();
    }
}
