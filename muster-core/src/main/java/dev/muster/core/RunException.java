package dev.muster.core;

/** The run itself broke (no inventory, store unwritable, ...). Exit code 3. */
public final class RunException extends MusterException {
    public RunException(String message) {
        super(message, null);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
