package dev.muster.probe.check;

import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import java.time.Duration;
import java.util.Objects;

/**
 * Probes one host every {@code interval} until it is passing ({@code passingAfter} passes in a
 * row), critical ({@code criticalAfter} failures in a row, when given) or out of time: what a
 * deploy gate and {@code wait: {until: ...}} need, where a check is expected to fail for a while
 * before it passes. Unlike {@link CheckStep} it does not stop at the first failure by default.
 *
 * @param criticalAfter null to keep probing until the deadline, however often it fails
 */
public record Watch(HealthCheck check, int passingAfter, Integer criticalAfter, Duration interval) {

    /** How a watch ended. */
    public enum State { PASSING, CRITICAL, TIMED_OUT }

    /**
     * @param reason    for PASSING "passing after N probe(s)"; otherwise the last probe's reason,
     *                  with "xN" when the last N probes failed for that same reason
     * @param latencyMs the last probe's latency, or null
     */
    public record Result(State state, String reason, int probes, Double latencyMs) {
        public boolean passed() {
            return state == State.PASSING;
        }

        /** The reason, saying so when time ran out: "not passing within 30s: status 500 (expected 200) x7". */
        public String describe(Duration timeout) {
            return state == State.TIMED_OUT ? "not passing within " + Durations.text(timeout) + ": " + reason : reason;
        }
    }

    public Watch {
        Objects.requireNonNull(check, "check");
        if (passingAfter < 1 || (criticalAfter != null && criticalAfter < 1)) {
            throw new IllegalArgumentException("passing_after and critical_after must be at least 1");
        }
        Objects.requireNonNull(interval, "interval");
    }

    /** The watch {@code options} describe (the check itself built by the caller). */
    public static Watch of(HealthCheck check, CheckOptions options) {
        return new Watch(check, options.passingAfter() == null ? 1 : options.passingAfter(), options.criticalAfter(),
                options.interval());
    }

    /**
     * Watches {@code context.host()} for at most {@code timeout}; the last probe starts before it
     * runs out (one probe may take up to its own probe timeout beyond).
     *
     * @throws StepFailure when a check run on the host cannot reach it over SSH
     */
    public Result run(StepContext context, Duration timeout) throws StepFailure, InterruptedException {
        return run(context, System.nanoTime() + timeout.toNanos());
    }

    /** Watches until {@code deadline}, a {@link System#nanoTime()} value; at least one probe runs. */
    public Result run(StepContext context, long deadline) throws StepFailure, InterruptedException {
        int probes = 0;
        int passRun = 0;
        int failRun = 0;
        int sameRun = 0;    // failures in a row for the same reason, for "xN"
        String lastReason = "";
        while (true) {
            Probe p = check.probe(context);
            probes++;
            if (p.passed()) {
                passRun++;
                failRun = 0;
                if (passRun >= passingAfter) {
                    return new Result(State.PASSING, "passing after " + probes + " probe(s)", probes, p.latencyMs());
                }
            } else {
                sameRun = failRun > 0 && p.reason().equals(lastReason) ? sameRun + 1 : 1;
                failRun++;
                lastReason = p.reason();
                passRun = 0;
                if (criticalAfter != null && failRun >= criticalAfter) {
                    return new Result(State.CRITICAL, repeated(lastReason, sameRun), probes, p.latencyMs());
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String last = passRun > 0 ? "only " + passRun + " passing probe(s) in a row, passing needs "
                        + passingAfter : repeated(lastReason, sameRun);
                return new Result(State.TIMED_OUT, last, probes, p.latencyMs());
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, interval.toNanos())));
        }
    }

    private static String repeated(String reason, int times) {
        return times > 1 ? reason + " x" + times : reason;
    }
}
