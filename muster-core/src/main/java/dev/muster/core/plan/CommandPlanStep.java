package dev.muster.core.plan;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.core.inventory.Host;
import java.util.function.Function;

/** A step that runs a command built for each host (variables filled in and quoted). */
record CommandPlanStep(Function<Host, Step> command, PlanStep.ChangedWhen changedWhen, String creates,
                       String description) implements Step {
    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        if (creates != null) {
            var test = context.connection().exec(ExecRequest.of("test -e " + dev.muster.core.step.Shell.quote(creates)));
            if (Integer.valueOf(0).equals(test.exitCode())) {
                return StepResult.ok(creates + " exists: not run");
            }
        }
        StepResult r = command.apply(context.host()).run(context);
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
        String text = changedWhen.stdout() != null ? r.stdout() : r.stderr();
        String regex = changedWhen.stdout() != null ? changedWhen.stdout() : changedWhen.stderr();
        return java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE).matcher(text).find();
    }

    @Override
    public String describe() {
        return description;
    }
}
