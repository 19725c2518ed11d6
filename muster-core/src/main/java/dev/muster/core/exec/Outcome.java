package dev.muster.core.exec;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened on one host. Every host in a run gets exactly one Outcome.
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
                      Instant startedAt, java.util.List<String> owed) {

    public Outcome {
        owed = owed == null ? java.util.List.of() : java.util.List.copyOf(owed);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        message = message == null ? "" : message;
    }

    public Outcome(String host, Status status, FailureKind kind, Integer exitCode, String signal,
                   String stdout, String stderr, String message, int attempts, long durationMs,
                   Instant startedAt) {
        this(host, status, kind, exitCode, signal, stdout, stderr, message, attempts, durationMs, startedAt,
                java.util.List.of());
    }

    public static Outcome skipped(String host, FailureKind kind, String message) {
        return new Outcome(host, Status.SKIPPED, kind, null, null, "", "", message, 0, 0, null);
    }

    public boolean success() {
        return status.success();
    }

    /** Failed or unreachable: what `muster retry` reruns. */
    public boolean needsRetry() {
        return status == Status.FAILED || status == Status.UNREACHABLE;
    }

    public Outcome withAttempts(int attempts, long durationMs, Instant startedAt) {
        return new Outcome(host, status, kind, exitCode, signal, stdout, stderr, message, attempts,
                durationMs, startedAt, owed);
    }

    public Outcome withOwed(java.util.List<String> owed) {
        if (owed.equals(this.owed)) {
            return this;
        }
        return new Outcome(host, status, kind, exitCode, signal, stdout, stderr, message, attempts,
                durationMs, startedAt, owed);
    }

    public Outcome redacted(dev.muster.core.Redactor redactor) {
        if (redactor.isEmpty()) {
            return this;
        }
        return new Outcome(host, status, kind, exitCode, signal, redactor.redact(stdout),
                redactor.redact(stderr), redactor.redact(message), attempts, durationMs, startedAt,
                owed.stream().map(redactor::redact).toList());
    }
}
