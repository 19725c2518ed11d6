package dev.muster.probe.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepResult;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Batch;
import dev.muster.core.strategy.Gate;
import dev.muster.probe.check.Watch;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plan's gate: after a batch, watches every deployed host through the Executor (at most
 * {@code fanOut} at once) until each is passing, all within {@code timeout} from the gate's
 * start. The first host that fails before time is up (critical, unreachable, a URL field it
 * lacks) fails the gate at once and stops the others; the reason names every host that failed
 * ("web03: status 500 (expected 200) x3").
 */
record CheckGate(String name, Watch watch, Duration timeout, Transport transport, int fanOut) implements Gate {
    /** Failures that cannot turn into a pass by waiting longer. */
    private static final Set<Status> FINAL = Set.of(Status.FAILED, Status.UNREACHABLE);

    @Override
    public Verdict check(Batch batch, List<Host> deployed) throws InterruptedException {
        if (deployed.isEmpty()) {
            return Verdict.pass();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Step step = context -> {
            StepResult invalid = CheckPlanStep.validate(watch.check(), context);
            return invalid != null ? invalid : WaitUntilStep.result(watch.run(context, deadline), timeout);
        };
        AtomicReference<Executor.RunHandle> handle = new AtomicReference<>();
        AtomicBoolean failedEarly = new AtomicBoolean();
        RunListener stopEarly = new RunListener() {
            @Override
            public void hostFinished(Outcome outcome) {
                if (FINAL.contains(outcome.status()) && outcome.kind() != FailureKind.TIMEOUT
                        && !failedEarly.getAndSet(true) && handle.get() != null) {
                    handle.get().cancel();
                }
            }
        };
        ExecutorOptions options = ExecutorOptions.defaults().withForks(fanOut);
        handle.set(new Executor(transport).start(deployed, step, options, stopEarly));
        if (failedEarly.get()) {
            handle.get().cancel();
        }
        RunResult result;
        try {
            result = handle.get().await();
        } catch (InterruptedException e) {
            handle.get().cancel();
            throw e;
        }
        List<String> failures = result.outcomes().stream()
                .filter(o -> FINAL.contains(o.status()) && o.kind() != FailureKind.CANCELLED)
                .sorted((a, b) -> HostSet.NAME_ORDER.compare(a.host(), b.host()))
                .map(o -> o.host() + ": " + (o.status() == Status.UNREACHABLE ? "unreachable: " : "") + o.message())
                .toList();
        return failures.isEmpty() ? Verdict.pass() : Verdict.fail(String.join("; ", failures));
    }

    @Override
    public String describe() {
        long ms = timeout.toMillis();
        return (name.isEmpty() ? "" : name + ": ") + watch.check().describe() + " within "
                + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
    }
}
