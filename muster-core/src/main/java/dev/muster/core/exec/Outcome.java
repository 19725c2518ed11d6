package dev.muster.core.exec;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened on one host. Every host in a run gets exactly one Outcome. Build one by name with
 * {@link #builder}, or change a few fields of another with {@link #toBuilder}.
 *
 * @param host       host name
 * @param status     ok / changed / failed / unreachable / skipped
 * @param kind       why it failed, or null when it did not
 * @param exitCode   the remote exit code, or null when no command finished
 * @param signal     the signal that killed the command (e.g. "KILL"), or null
 * @param stdout     captured standard output (possibly truncated, see the run's output cap)
 * @param stderr     captured standard error
 * @param message    a one-line human explanation (failures), or empty
 * @param attempts   how many attempts were made (0 when skipped before starting)
 * @param durationMs wall time across all attempts
 * @param startedAt  when the first attempt started, or null when it never started
 * @param owed       actions still owed to this host, e.g. a change handler that was notified but
 *                   did not run because the step failed part-way; `muster retry` runs them
 */
public record Outcome(String host, Status status, FailureKind kind, Integer exitCode, String signal,
                      String stdout, String stderr, String message, int attempts, long durationMs,
                      Instant startedAt, List<String> owed) {

    public Outcome {
        owed = owed == null ? List.of() : List.copyOf(owed);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        message = message == null ? "" : message;
    }

    /** Positional form without {@code owed}; kept for compact test fixtures, main code uses {@link #builder}. */
    public Outcome(String host, Status status, FailureKind kind, Integer exitCode, String signal,
                   String stdout, String stderr, String message, int attempts, long durationMs,
                   Instant startedAt) {
        this(host, status, kind, exitCode, signal, stdout, stderr, message, attempts, durationMs, startedAt,
                List.of());
    }

    /** An outcome of {@code host} with {@code status} and nothing else set yet (no output, no attempt). */
    public static Builder builder(String host, Status status) {
        return new Builder(host, status);
    }

    /** A builder holding this outcome's fields, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(host, status).kind(kind).exitCode(exitCode).signal(signal).stdout(stdout).stderr(stderr)
                .message(message).attempts(attempts).durationMs(durationMs).startedAt(startedAt).owed(owed);
    }

    /** A host that was not worked on, and why. */
    public static Outcome skipped(String host, FailureKind kind, String message) {
        return builder(host, Status.SKIPPED).kind(kind).message(message).build();
    }

    /** A host that ends with {@code status} without running anything, e.g. "done in an earlier attempt". */
    public static Outcome note(String host, Status status, String message) {
        return builder(host, status).message(message).build();
    }

    /** The engine itself failed this host (a bug, a lost host thread, an interrupted run): one attempt, no output. */
    public static Outcome engineFailure(String host, FailureKind kind, String message) {
        return builder(host, Status.FAILED).kind(kind).message(message).attempts(1).build();
    }

    public boolean success() {
        return status.success();
    }

    /** Failed or unreachable: what `muster retry` reruns. */
    public boolean needsRetry() {
        return status == Status.FAILED || status == Status.UNREACHABLE;
    }

    public Outcome withAttempts(int attempts, long durationMs, Instant startedAt) {
        return toBuilder().attempts(attempts).durationMs(durationMs).startedAt(startedAt).build();
    }

    public Outcome withOwed(List<String> owed) {
        return owed.equals(this.owed) ? this : toBuilder().owed(owed).build();
    }

    public Outcome withMessage(String message) {
        return toBuilder().message(message).build();
    }

    public Outcome withOutput(String stdout, String stderr) {
        return toBuilder().stdout(stdout).stderr(stderr).build();
    }

    public Outcome redacted(dev.muster.core.Redactor redactor) {
        if (redactor.isEmpty()) {
            return this;
        }
        return toBuilder().stdout(redactor.redact(stdout)).stderr(redactor.redact(stderr))
                .message(redactor.redact(message)).owed(owed.stream().map(redactor::redact).toList()).build();
    }

    /** Sets an outcome's fields by name; what is not set stays empty (no output, no attempt, nothing owed). */
    public static final class Builder {
        private String host;
        private Status status;
        private FailureKind kind;
        private Integer exitCode;
        private String signal;
        private String stdout = "";
        private String stderr = "";
        private String message = "";
        private int attempts;
        private long durationMs;
        private Instant startedAt;
        private List<String> owed = List.of();

        private Builder(String host, Status status) {
            this.host = host;
            this.status = status;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder kind(FailureKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder exitCode(Integer exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        public Builder signal(String signal) {
            this.signal = signal;
            return this;
        }

        public Builder stdout(String stdout) {
            this.stdout = stdout;
            return this;
        }

        public Builder stderr(String stderr) {
            this.stderr = stderr;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder owed(List<String> owed) {
            this.owed = owed;
            return this;
        }

        public Outcome build() {
            return new Outcome(host, status, kind, exitCode, signal, stdout, stderr, message, attempts, durationMs,
                    startedAt, owed);
        }
    }
}
