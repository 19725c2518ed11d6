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
}
