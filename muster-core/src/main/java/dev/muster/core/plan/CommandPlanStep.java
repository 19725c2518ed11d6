package dev.muster.core.plan;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.step.Shell;
import java.util.regex.Pattern;

/**
 * A plan's run or script step: skipped (ok) on a host where {@code creates} exists, and
 * reported changed or ok by {@code changed_when}.
 */
final class CommandPlanStep implements Step {
    private final Step command;
    private final PlanStep.ChangedWhen changedWhen;
    private final String creates;

    CommandPlanStep(Step command, PlanStep.ChangedWhen changedWhen, String creates) {
        this.command = command;
        this.changedWhen = changedWhen;
        this.creates = creates;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        if (creates != null) {
            ExecResult test = context.connection().exec(ExecRequest.of("test -e " + Shell.quote(creates)));
            if (Integer.valueOf(0).equals(test.exitCode())) {
                return StepResult.ok(creates + " exists: not run");
            }
        }
        StepResult r = command.run(context);
        if (!r.status().success()) {
            return r;
        }
        Status status = changed(r) ? Status.CHANGED : Status.OK;
        return new StepResult(status, null, r.exitCode(), r.signal(), r.stdout(), r.stderr(), r.message());
    }

    private boolean changed(StepResult r) {
        if (changedWhen.always() != null) {
            return changedWhen.always();
        }
        if (changedWhen.stdout() != null) {
            return Pattern.compile(changedWhen.stdout(), Pattern.MULTILINE).matcher(r.stdout()).find();
        }
        return Pattern.compile(changedWhen.stderr(), Pattern.MULTILINE).matcher(r.stderr()).find();
    }

    @Override
    public String describe() {
        return command.describe();
    }
}
