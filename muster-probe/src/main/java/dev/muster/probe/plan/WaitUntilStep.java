package dev.muster.probe.plan;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.probe.check.Watch;
import java.time.Duration;

/**
 * {@code wait: {until: CHECK, timeout: T}}: probes the host every interval until the check
 * passes, failing (with the last probe's reason) when it has not after T. Changes nothing, so it
 * runs in check mode too.
 */
record WaitUntilStep(Watch watch, Duration timeout) implements Step {

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        StepResult invalid = CheckPlanStep.validate(watch.check(), context);
        if (invalid != null) {
            return invalid;
        }
        return result(watch.run(context, timeout), timeout);
    }

    /** A watch's end as a step result: ok when passing, failed with why (TIMEOUT when time ran out). */
    static StepResult result(Watch.Result r, Duration timeout) {
        if (r.passed()) {
            return StepResult.ok(r.reason() + CheckPlanStep.latency(r.latencyMs()));
        }
        FailureKind kind = r.state() == Watch.State.TIMED_OUT ? FailureKind.TIMEOUT : FailureKind.COMMAND_FAILED;
        return new StepResult(Status.FAILED, kind, null, null, "", "", r.describe(timeout));
    }

    @Override
    public String describe() {
        return "wait until " + watch.check().describe();
    }
}
