package dev.muster.probe.logs;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;

/**
 * Runs a {@link GrepQuery} on one host. grep's exit 1 ("no match") is a success like 0; exit 2
 * (a file unreadable, no file matched a glob) fails the host. The raw output is kept in the
 * outcome and read by {@link HostMatches#from}.
 */
public final class GrepStep implements Step {
    public static final int DEFAULT_MAX_BYTES = 8 << 20;

    private final GrepQuery query;
    private final int maxBytes;

    public GrepStep(GrepQuery query, int maxBytes) {
        this.query = query;
        this.maxBytes = maxBytes > 0 ? maxBytes : DEFAULT_MAX_BYTES;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        ExecRequest request = new ExecRequest(query.remoteCommand(), null, context.remaining(), null, maxBytes);
        ExecResult r = context.connection().exec(request);
        String cut = r.truncated() ? "output beyond " + (maxBytes >> 10) + " KiB was dropped" : "";
        if (r.signal() == null && r.exitCode() != null && (r.exitCode() == 0 || r.exitCode() == 1)) {
            return new StepResult(Status.OK, null, r.exitCode(), null, r.stdoutText(), r.stderrText(), cut);
        }
        StepResult failed = StepResult.of(r, Status.OK);
        if (failed.status() == Status.FAILED && failed.kind() == FailureKind.COMMAND_FAILED) {
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, r.exitCode(), null, r.stdoutText(),
                    r.stderrText(), "grep exit " + r.exitCode());
        }
        return failed;
    }

    @Override
    public String describe() {
        return query.describe();
    }
}
