package dev.muster.core.plan;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import java.time.Duration;

/**
 * How the outcomes of a plan's steps on one host add up to the host's outcome: a failed step names
 * itself, and each step's outcome is folded into what the host had so far.
 */
final class StepOutcomes {
    private StepOutcomes() {
    }

    /** A failed step's outcome names the step, so the recap says where a host stopped. */
    static Outcome label(String what, PlanStep step, Outcome o) {
        if (o.success()) {
            return o;
        }
        String where = what + (step.name().isEmpty() ? "" : " (" + step.name() + ")") + ": ";
        return o.withMessage(where + o.message());
    }

    /** The host's outcome after {@code now}, given it had {@code before}: changed wins over ok, a failure over both. */
    static Outcome combine(Outcome before, Outcome now) {
        Status status = !now.success() ? now.status()
                : before.status() == Status.CHANGED || now.status() == Status.CHANGED ? Status.CHANGED : Status.OK;
        String message = now.success() && now.message().isEmpty() ? before.message() : now.message();
        return now.toBuilder().status(status).stdout(before.stdout() + now.stdout())
                .stderr(before.stderr() + now.stderr()).message(message).attempts(before.attempts() + now.attempts())
                .durationMs(before.durationMs() + now.durationMs())
                .startedAt(before.startedAt() == null ? now.startedAt() : before.startedAt()).build();
    }

    /** {@code options} with the step's own per-host timeout, when it has one. */
    static ExecutorOptions options(ExecutorOptions options, PlanStep step) {
        Duration timeout = switch (step.body()) {
            case PlanStep.Run r -> r.timeout();
            case PlanStep.Script s -> s.timeout();
            default -> null;
        };
        return timeout == null ? options : options.withHostTimeout(timeout);
    }

    /** Passes events on, naming the step in the outcome of a host it failed on. */
    record Labelling(RunListener next, String what, PlanStep step) implements RunListener.Forwarding {
        @Override
        public void hostFinished(Outcome outcome) {
            next.hostFinished(label(what, step, outcome));
        }
    }
}
