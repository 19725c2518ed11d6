package dev.muster.core.exec;

import java.util.Objects;

/**
 * What a step reports for one host. {@code status} is OK, CHANGED or FAILED; a failed result
 * carries a {@link FailureKind} (usually COMMAND_FAILED or KILLED_BY_SIGNAL).
 */
public record StepResult(Status status, FailureKind kind, Integer exitCode, String signal,
                         String stdout, String stderr, String message) {

    public StepResult {
        Objects.requireNonNull(status, "status");
        if (status == Status.FAILED && kind == null) {
            throw new IllegalArgumentException("a failed result needs a failure kind");
        }
    }

    /** Maps a finished command to ok, or failed with the exit code or signal. */
    public static StepResult of(ExecResult exec, Status successStatus) {
        String out = exec.stdoutText();
        String err = exec.stderrText();
        if (exec.signal() != null) {
            return new StepResult(Status.FAILED, FailureKind.KILLED_BY_SIGNAL, exec.exitCode(),
                    exec.signal(), out, err, "killed by signal " + exec.signal());
        }
        if (exec.exitCode() == null) {
            return new StepResult(Status.FAILED, FailureKind.CONNECTION_LOST, null, null, out, err,
                    "no exit status received");
        }
        if (exec.exitCode() != 0) {
            return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, exec.exitCode(), null,
                    out, err, "exit code " + exec.exitCode());
        }
        return new StepResult(successStatus, null, 0, null, out, err, "");
    }

    public static StepResult ok(String message) {
        return new StepResult(Status.OK, null, null, null, "", "", message);
    }

    public static StepResult changed(String message) {
        return new StepResult(Status.CHANGED, null, null, null, "", "", message);
    }
}
