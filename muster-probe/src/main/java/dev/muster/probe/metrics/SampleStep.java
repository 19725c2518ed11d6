package dev.muster.probe.metrics;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import java.util.Map;

/** Reads one sample from a host in one exec and keeps the parsed {@link Snapshot} by host name. */
final class SampleStep implements Step {
    private final SampleScript script;
    private final Map<String, Snapshot> into;

    SampleStep(SampleScript script, Map<String, Snapshot> into) {
        this.script = script;
        this.into = into;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        ExecResult r = context.connection().exec(ExecRequest.of(script.command()).withTimeout(context.remaining()));
        if (!r.succeeded()) {
            return StepResult.of(r, Status.OK);
        }
        into.put(context.host().name(), script.parse(r.stdoutText(), System.nanoTime()));
        return StepResult.ok("");
    }

    @Override
    public String describe() {
        return "metrics sample";
    }
}
