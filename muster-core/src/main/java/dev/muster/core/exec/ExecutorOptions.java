package dev.muster.core.exec;

import java.time.Duration;

/**
 * How the executor runs a step across hosts.
 *
 * @param forks       at most this many hosts at once
 * @param hostTimeout limit for one attempt on one host, or null for none
 * @param deadline    limit for the whole run, or null for none; hosts not started by then are
 *                    skipped, hosts in flight are stopped
 * @param retry       retry policy for retryable failure kinds
 * @param maxCapture  bytes of each output stream kept per host
 */
public record ExecutorOptions(int forks, Duration hostTimeout, Duration deadline, RetryPolicy retry,
                              int maxCapture) {

    public static final int DEFAULT_FORKS = 50;

    public ExecutorOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1");
        }
        retry = retry == null ? RetryPolicy.NONE : retry;
        maxCapture = maxCapture <= 0 ? ExecRequest.DEFAULT_MAX_CAPTURE : maxCapture;
    }

    public static ExecutorOptions defaults() {
        return new ExecutorOptions(DEFAULT_FORKS, null, null, RetryPolicy.NONE, 0);
    }

    public ExecutorOptions withForks(int forks) {
        return new ExecutorOptions(forks, hostTimeout, deadline, retry, maxCapture);
    }

    public ExecutorOptions withHostTimeout(Duration hostTimeout) {
        return new ExecutorOptions(forks, hostTimeout, deadline, retry, maxCapture);
    }

    public ExecutorOptions withDeadline(Duration deadline) {
        return new ExecutorOptions(forks, hostTimeout, deadline, retry, maxCapture);
    }

    public ExecutorOptions withRetry(RetryPolicy retry) {
        return new ExecutorOptions(forks, hostTimeout, deadline, retry, maxCapture);
    }
}
