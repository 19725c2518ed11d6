package dev.muster.core.exec;

import java.util.Objects;

/**
 * A per-host failure raised by a transport or step. The executor turns it into an
 * {@link Outcome}; it never escapes a run.
 */
public final class StepFailure extends Exception {
    private final FailureKind kind;

    public StepFailure(FailureKind kind, String message) {
        this(kind, message, null);
    }

    public StepFailure(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public FailureKind kind() {
        return kind;
    }

    /**
     * The command ended ({@code ending}: "exited with 0", "was killed by SIGTERM") but its output
     * stayed open past {@link ExecRequest#OUTPUT_CLOSE_GRACE} with nothing more arriving.
     */
    public static StepFailure outputNotClosed(String ending) {
        return new StepFailure(FailureKind.OUTPUT_NOT_CLOSED, "output did not close: the command " + ending
                + " but its stdout or stderr was still open " + ExecRequest.OUTPUT_CLOSE_GRACE.toSeconds()
                + "s later with nothing more arriving; a process it started in the background holds it"
                + " (redirect that process's output, e.g. > /dev/null 2>&1)");
    }
}
