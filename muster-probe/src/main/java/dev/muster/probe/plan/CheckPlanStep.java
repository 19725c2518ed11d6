package dev.muster.probe.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.probe.check.CheckReport;
import dev.muster.probe.check.CheckStep;
import dev.muster.probe.check.HealthCheck;
import dev.muster.probe.check.Thresholds;
import dev.muster.probe.check.Verdict;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plan's {@code check:} step: the CLI's {@link CheckStep} (probe until the thresholds decide),
 * reporting the probes and median latency so a plan's output says more than ok/failed. It
 * changes nothing, so it runs in check mode too.
 */
record CheckPlanStep(HealthCheck check, Thresholds thresholds) implements Step {

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        StepResult invalid = validate(check, context);
        if (invalid != null) {
            return invalid;
        }
        AtomicReference<CheckReport> report = new AtomicReference<>();
        new CheckStep(check, thresholds, report::set).run(context);
        CheckReport r = report.get();
        String probes = r.passed() + "/" + r.probes() + " probe(s) passed" + latency(r.latencyP50());
        if (r.verdict() == Verdict.PASSING) {
            return StepResult.ok("passing: " + probes);
        }
        return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, null, null, "", "",
                r.verdict().key() + ": " + r.reason() + " (" + probes + ")");
    }

    /** A URL field the host lacks is its own failure, found before probing. */
    static StepResult validate(HealthCheck check, StepContext context) {
        try {
            check.validate(context.host());
            return null;
        } catch (InputException e) {
            return new StepResult(Status.FAILED, FailureKind.VALIDATION_FAILED, null, null, "", "", e.getMessage());
        }
    }

    static String latency(Double ms) {
        return ms == null ? "" : String.format(java.util.Locale.ROOT, ", latency %.1f ms", ms);
    }

    @Override
    public String describe() {
        return "check " + check.describe();
    }
}
