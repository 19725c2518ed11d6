package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/** One run of a step over hosts; see {@link Executor}. */
final class Run implements Executor.RunHandle {
    /**
     * How long {@link #await()} waits past the run's own limits for its hosts to stop, and then
     * again once it has cancelled them, before it reports the hosts still without an outcome.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<Host> hosts;
    private final Step step;
    private final ExecutorOptions options;
    private final RunListener listener;
    private final Transport transport;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration stopGrace;

    private final AtomicReferenceArray<Outcome> outcomes;
    private final AtomicBoolean published = new AtomicBoolean();
    private final CountDownLatch hostsDone;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Semaphore forks;
    private final Set<Thread> hostThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    /** Cancelled by the caller (Ctrl-C), not stopped by {@link #await()} giving up. */
    private volatile boolean cancelledByCaller;
    private volatile RunResult result;
    private Thread dispatcher;
    private Instant startedAt;
    private long startNanos;

    Run(List<Host> hosts, Step step, ExecutorOptions options, RunListener listener, Transport transport,
        Clock clock, RandomGenerator random) {
        this(hosts, step, options, listener, transport, clock, random, STOP_GRACE);
    }

    /** Test seam: a shorter stop grace. */
    Run(List<Host> hosts, Step step, ExecutorOptions options, RunListener listener, Transport transport,
        Clock clock, RandomGenerator random, Duration stopGrace) {
        this.stopGrace = stopGrace;
        this.hosts = hosts;
        this.step = step;
        this.options = options;
        this.listener = listener == null ? new RunListener() { } : listener;
        this.transport = transport;
        this.clock = clock;
        this.random = random;
        this.outcomes = new AtomicReferenceArray<>(hosts.size());
        this.hostsDone = new CountDownLatch(hosts.size());
        this.forks = new Semaphore(options.forks());
    }

    void start() {
        startedAt = clock.instant();
        startNanos = System.nanoTime();
        listener.runStarted(hosts.size());
        dispatcher = Thread.ofVirtual().name("muster-run").start(this::dispatch);
    }

    @Override
    public void cancel() {
        cancelledByCaller = true;
        stop();
    }

    private void stop() {
        cancelled = true;
        Thread d = dispatcher;
        if (d != null) {
            d.interrupt();
        }
        hostThreads.forEach(Thread::interrupt);
    }

    /**
     * Waits for the run, never for ever when the run has limits: past {@link #waitLimit()} the
     * run is stopped, and hosts that still have no outcome a stop grace later are reported as
     * failed (the engine could not finish them) instead of hanging the caller.
     */
    @Override
    public RunResult await() throws InterruptedException {
        Duration limit = waitLimit();
        if (limit == null) {
            finished.await();
            return result;
        }
        long left = limit.toNanos() - (System.nanoTime() - startNanos);
        if (finished.await(left, TimeUnit.NANOSECONDS)) {
            return result;
        }
        stop();
        if (finished.await(stopGrace.toNanos(), TimeUnit.NANOSECONDS)) {
            return result;
        }
        String why = "the engine gave up on this host: no outcome " + human(limit.plus(stopGrace))
                + " after the run started, though its limits end at " + human(limit.minus(stopGrace));
        for (int i = 0; i < hosts.size(); i++) {
            finish(i, Outcome.engineFailure(hosts.get(i).name(), FailureKind.INTERNAL, why));
        }
        publish();
        return result;
    }

    /**
     * The longest the run can take by its own limits, plus the stop grace: the deadline, or else
     * every wave of hosts using all its attempts and backoffs; null when it has neither a deadline
     * nor a per-host timeout (the user asked for no limit).
     */
    Duration waitLimit() {
        if (options.deadline() != null) {
            return options.deadline().plus(stopGrace);
        }
        Duration hostTimeout = options.hostTimeout();
        if (hostTimeout == null) {
            return null;
        }
        RetryPolicy retry = options.retry();
        Duration perHost = hostTimeout.multipliedBy(retry.maxAttempts())
                .plus(retry.maxDelay().multipliedBy(retry.maxAttempts() - 1L));
        long waves = (hosts.size() + options.forks() - 1L) / options.forks();
        return perHost.multipliedBy(Math.max(1, waves)).plus(stopGrace);
    }

    /** True once the result is in. */
    boolean done() {
        return finished.getCount() == 0;
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void dispatch() {
        int next = 0;
        try {
            for (; next < hosts.size(); next++) {
                if (cancelled || !acquireFork()) {
                    break;
                }
                startHost(next);
            }
        } catch (InterruptedException e) {
            cancelled = true;
        }
        FailureKind why = cancelled ? FailureKind.CANCELLED : FailureKind.DEADLINE_EXCEEDED;
        for (int i = next; i < hosts.size(); i++) {
            finish(i, Outcome.skipped(hosts.get(i).name(), why, "not started: " + why.description()));
        }
        while (true) {
            try {
                hostsDone.await();
                break;
            } catch (InterruptedException e) {
                // cancel() interrupts us; host threads are stopping too
            }
        }
        publish();
    }

    /** Builds the result and tells the listener, once (the dispatcher or a giving-up await). */
    private void publish() {
        if (!published.compareAndSet(false, true)) {
            return;
        }
        List<Outcome> all = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) {
            all.add(outcomes.get(i));
        }
        result = new RunResult(all, startedAt, elapsed(), cancelledByCaller);
        try {
            listener.runFinished(result);
        } finally {
            finished.countDown();
        }
    }

    private boolean acquireFork() throws InterruptedException {
        Duration left = deadlineLeft();
        if (left == null) {
            forks.acquire();
            return true;
        }
        if (!forks.tryAcquire(left.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        Duration after = deadlineLeft();
        if (after.isZero()) {
            forks.release();
            return false;
        }
        return true;
    }

    private void startHost(int index) {
        Host host = hosts.get(index);
        Thread.ofVirtual().name("muster-host-" + host.name()).start(() -> {
            hostThreads.add(Thread.currentThread());
            Outcome outcome;
            try {
                outcome = runHost(host);
            } catch (RuntimeException | Error e) {
                outcome = Outcome.engineFailure(host.name(), FailureKind.INTERNAL, describe(e));
            } finally {
                hostThreads.remove(Thread.currentThread());
                forks.release();
            }
            finish(index, outcome);
        });
    }

    /** Records a host's outcome; only the first one counts (every host gets exactly one). */
    private void finish(int index, Outcome outcome) {
        if (!outcomes.compareAndSet(index, null, outcome)) {
            return;
        }
        try {
            listener.hostFinished(outcome);
        } finally {
            hostsDone.countDown();
        }
    }

    private Outcome runHost(Host host) {
        Instant first = clock.instant();
        long t0 = System.nanoTime();
        RetryPolicy retry = options.retry();
        if (cancelled) {
            // the stop came between this host's start and its thread joining hostThreads, so no
            // interrupt reached it: seen here instead (stop() sets the flag before it interrupts)
            return Outcome.skipped(host.name(), FailureKind.CANCELLED, "not started: cancelled");
        }
        Duration left0 = deadlineLeft();
        if (left0 != null && left0.isZero()) {
            return Outcome.skipped(host.name(), FailureKind.DEADLINE_EXCEEDED, "not started: run deadline exceeded");
        }
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = attempt(host, attempt);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            outcome = outcome.withAttempts(attempt, ms, first).withOwed(step.owed(host));
            if (outcome.success() || cancelled || !retry.shouldRetry(outcome.kind(), attempt)) {
                return outcome;
            }
            Duration delay = retry.backoff(attempt, random);
            Duration left = deadlineLeft();
            if (left != null && left.compareTo(delay) <= 0) {
                return outcome;
            }
            listener.retrying(host, outcome, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return outcome;
            }
            if (cancelled) {
                return outcome;
            }
        }
    }

    private Outcome attempt(Host host, int attempt) {
        Duration limit = attemptLimit();
        boolean deadlineBinds = limit != null && !limit.equals(options.hostTimeout());
        if (limit != null && limit.isZero()) {
            return failed(host, FailureKind.DEADLINE_EXCEEDED, "run deadline passed before attempt " + attempt,
                    null);
        }
        listener.hostStarted(host, attempt);
        OutputCapture capture = new OutputCapture(host, listener, options.maxCapture());
        AttemptContext context = new AttemptContext(host, transport, capture, limit, attempt);
        FutureTask<StepResult> task = new FutureTask<>(() -> step.run(context));
        Thread worker = Thread.ofVirtual().name("muster-step-" + host.name()).start(task);
        boolean suspect = true;
        try {
            StepResult r = limit == null ? task.get() : task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            suspect = r.kind() != null && r.kind() != FailureKind.COMMAND_FAILED;
            return fromResult(host, r);
        } catch (TimeoutException e) {
            worker.interrupt();
            FailureKind kind = deadlineBinds ? FailureKind.DEADLINE_EXCEEDED : FailureKind.TIMEOUT;
            return failed(host, kind, "timed out after " + human(limit), capture);
        } catch (InterruptedException e) {
            worker.interrupt();
            return failed(host, FailureKind.CANCELLED, "cancelled", capture);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StepFailure f) {
                // the session itself is fine when only the command's output stayed open
                suspect = f.kind() != FailureKind.HOST_KEY_UNKNOWN && f.kind() != FailureKind.AUTH_FAILED
                        && f.kind() != FailureKind.OUTPUT_NOT_CLOSED;
                return failed(host, f.kind(), f.getMessage(), capture);
            }
            if (cause instanceof InterruptedException) {
                return failed(host, FailureKind.CANCELLED, "cancelled", capture);
            }
            return failed(host, FailureKind.INTERNAL, describe(cause), capture);
        } finally {
            context.release(suspect);
            capture.close();
        }
    }

    private static Outcome fromResult(Host host, StepResult r) {
        Status status = r.status();
        if (status == Status.FAILED && r.kind() != null && r.kind().unreachable()) {
            status = Status.UNREACHABLE;
        }
        return Outcome.builder(host.name(), status).kind(r.kind()).exitCode(r.exitCode()).signal(r.signal())
                .stdout(r.stdout()).stderr(r.stderr()).message(r.message()).attempts(1).build();
    }

    private static Outcome failed(Host host, FailureKind kind, String message, OutputCapture capture) {
        Status status = kind.unreachable() ? Status.UNREACHABLE : Status.FAILED;
        String out = capture == null ? "" : capture.stdout();
        String err = capture == null ? "" : capture.stderr();
        return Outcome.builder(host.name(), status).kind(kind).stdout(out).stderr(err).message(message).attempts(1)
                .build();
    }

    /** min(per-host timeout, time left before the run deadline); null when neither is set. */
    private Duration attemptLimit() {
        Duration hostTimeout = options.hostTimeout();
        Duration left = deadlineLeft();
        if (left == null) {
            return hostTimeout;
        }
        if (hostTimeout == null || left.compareTo(hostTimeout) < 0) {
            return left;
        }
        return hostTimeout;
    }

    private Duration deadlineLeft() {
        Duration deadline = options.deadline();
        if (deadline == null) {
            return null;
        }
        long left = deadline.toNanos() - (System.nanoTime() - startNanos);
        return Duration.ofNanos(Math.max(0, left));
    }

    /** What a user is told of an unexpected failure: its message, never a Java class name. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? "internal error" : message;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
