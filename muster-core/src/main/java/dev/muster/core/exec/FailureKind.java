package dev.muster.core.exec;

/**
 * Why a host failed. The kind decides the outcome status (unreachable vs failed) and
 * whether a retry can help.
 */
public enum FailureKind {
    CONNECT_REFUSED("connection refused", true, true),
    UNREACHABLE("host unreachable", true, true),
    CONNECT_TIMEOUT("connect timed out", true, true),
    /** Dropped during banner/key exchange, e.g. by sshd's MaxStartups. */
    HANDSHAKE_FAILED("dropped during SSH handshake", true, true),
    AUTH_FAILED("authentication failed", true, false),
    HOST_KEY_UNKNOWN("host key not in known_hosts", true, false),
    HOST_KEY_MISMATCH("host key changed", true, false),
    /** The session died after authentication (dropped connection, sshd killed). */
    CONNECTION_LOST("connection lost", false, true),
    /** No pooled session became free within the acquire timeout. */
    POOL_EXHAUSTED("no connection available", false, true),
    CHANNEL_FAILED("channel failed", false, true),
    TRANSFER_FAILED("transfer failed", false, true),
    TIMEOUT("timed out", false, false),
    /** A safety limit refused the change on this host (e.g. more deletions than --max-delete). */
    LIMIT_EXCEEDED("safety limit exceeded", false, false),
    /** A template could not be rendered for this host (undefined variable, bad filter...). */
    TEMPLATE_FAILED("template failed", false, false),
    /** A validator (e.g. {@code nginx -t}) rejected new content; the old content stayed. */
    VALIDATION_FAILED("validation failed", false, false),
    /** A human gate ({@code approve} step) was not approved in time. */
    NOT_APPROVED("not approved", false, false),
    COMMAND_FAILED("command failed", false, false),
    KILLED_BY_SIGNAL("killed by signal", false, false),
    /**
     * The command exited but its stdout or stderr stayed open, with nothing more arriving, for
     * {@link ExecRequest#OUTPUT_CLOSE_GRACE}: a background process it started still holds them.
     */
    OUTPUT_NOT_CLOSED("output did not close", false, false),
    DEADLINE_EXCEEDED("run deadline exceeded", false, false),
    CANCELLED("cancelled", false, false),
    /**
     * The controller executing the run stopped (it died, or lost its lease) while this host was in
     * flight: the step may or may not have happened there.
     */
    INTERRUPTED("interrupted while in flight", false, false),
    INTERNAL("internal error", false, false);

    private final String description;
    private final boolean unreachable;
    private final boolean retryable;

    FailureKind(String description, boolean unreachable, boolean retryable) {
        this.description = description;
        this.unreachable = unreachable;
        this.retryable = retryable;
    }

    public String description() {
        return description;
    }

    /** True when the host could not be reached at all: the outcome is UNREACHABLE. */
    public boolean unreachable() {
        return unreachable;
    }

    /** True when trying again can plausibly succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Lower-case, dash-separated name used in JSON and the run store. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static FailureKind fromKey(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
