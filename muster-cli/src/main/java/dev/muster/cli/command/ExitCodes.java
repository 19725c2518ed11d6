package dev.muster.cli.command;

/** The process exit codes, documented in docs/usage.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int HOSTS_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int RUN_BROKE = 3;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
