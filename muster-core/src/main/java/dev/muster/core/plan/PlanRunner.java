package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.CommandStep;
import dev.muster.core.strategy.BatchRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a plan's steps over one batch: each step through the {@link Executor} on the batch's hosts
 * it applies to, in order; a host whose step fails or is unreachable takes no further step. A
 * host's outcome is its failing step's (message prefixed with the step), else changed when any
 * step changed it, else ok. Only run and script steps can run so far.
 */
public final class PlanRunner implements BatchRunner {
    private final Executor executor;
    private final RunListener listener;
    private final List<PlanStep> steps;
    private final List<Step> runnable = new ArrayList<>();

    /** Checks every step can run (else bad input, nothing runs) and reads the scripts once. */
    public PlanRunner(Plan plan, Executor executor, RunListener listener) {
        this.executor = executor;
        this.listener = listener;
        this.steps = plan.steps();
        List<InputException> problems = new ArrayList<>();
        for (PlanStep step : steps) {
            try {
                runnable.add(step(step));
            } catch (InputException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? problems.getFirst() : new InputException(problems);
        }
    }

    private static Step step(PlanStep step) {
        return switch (step.body()) {
            case PlanStep.Run r -> new CommandPlanStep(CommandStep.command(r.command(), r.sudo()), r.changedWhen(),
                    r.creates());
            case PlanStep.Script s -> new CommandPlanStep(CommandStep.script(s.path(), script(step, s), s.args(), s.sudo()),
                    s.changedWhen(), s.creates());
            default -> throw new InputException(step.source(), step.line(), 0, step.kind().key()
                    + " steps cannot be applied yet (only run and script steps can)");
        };
    }

    private static byte[] script(PlanStep step, PlanStep.Script s) {
        Path file = Path.of(step.source()).toAbsolutePath().getParent().resolve(s.path());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(step.source(), step.line(), 0, "cannot read script " + file + ": " + e.getMessage());
        }
    }

    @Override
    public RunResult run(List<Host> hosts, ExecutorOptions options) throws InterruptedException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Set<String> stopped = new HashSet<>();
        boolean cancelled = false;
        for (int i = 0; i < steps.size() && !cancelled; i++) {
            PlanStep step = steps.get(i);
            List<Host> targets = hosts.stream()
                    .filter(h -> step.hostSet().contains(h.name()) && !stopped.contains(h.name())).toList();
            if (targets.isEmpty()) {
                continue;
            }
            ExecutorOptions stepOptions = timeout(step) == null ? options : options.withHostTimeout(timeout(step));
            RunResult r = executor.run(targets, runnable.get(i), stepOptions, listener);
            cancelled = r.cancelled();
            for (Outcome o : r.outcomes()) {
                outcomes.merge(o.host(), label(i, step, o), (before, now) -> combine(before, now));
                if (!o.success()) {
                    stopped.add(o.host());
                }
            }
        }
        List<Outcome> out = hosts.stream().map(h -> outcomes.getOrDefault(h.name(),
                new Outcome(h.name(), Status.OK, null, null, null, "", "", "no step applies to this host", 0, 0, null)))
                .toList();
        return new RunResult(out, started, java.time.Duration.ofNanos(System.nanoTime() - t0), cancelled);
    }

    private static java.time.Duration timeout(PlanStep step) {
        return switch (step.body()) {
            case PlanStep.Run r -> r.timeout();
            case PlanStep.Script s -> s.timeout();
            default -> null;
        };
    }

    /** A failed step's outcome names the step, so the recap says where a host stopped. */
    private static Outcome label(int index, PlanStep step, Outcome o) {
        if (o.success()) {
            return o;
        }
        String where = "step " + (index + 1) + (step.name().isEmpty() ? "" : " (" + step.name() + ")") + ": ";
        return new Outcome(o.host(), o.status(), o.kind(), o.exitCode(), o.signal(), o.stdout(), o.stderr(),
                where + o.message(), o.attempts(), o.durationMs(), o.startedAt(), o.owed());
    }

    private static Outcome combine(Outcome before, Outcome now) {
        Status status = !now.success() ? now.status()
                : before.status() == Status.CHANGED || now.status() == Status.CHANGED ? Status.CHANGED : Status.OK;
        return new Outcome(now.host(), status, now.kind(), now.exitCode(), now.signal(), before.stdout() + now.stdout(),
                before.stderr() + now.stderr(), now.message(), before.attempts() + now.attempts(),
                before.durationMs() + now.durationMs(), before.startedAt(), now.owed());
    }
}
