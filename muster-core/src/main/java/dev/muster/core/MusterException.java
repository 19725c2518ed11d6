package dev.muster.core;

/**
 * The one exception tree for problems with a run itself. A failed host is never an
 * exception: it is an {@link dev.muster.core.exec.Outcome}. Only the CLI turns these
 * into messages and exit codes.
 */
public abstract sealed class MusterException extends RuntimeException
        permits InputException, RunException {

    protected MusterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code this problem maps to (2 bad input, 3 the run broke). */
    public abstract int exitCode();
}
