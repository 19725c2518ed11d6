package dev.muster.core.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How many times to try a host and how long to wait in between: exponential backoff with
 * full jitter (a uniformly random wait between 0 and min(cap, base * 2^(retry-1))), retrying
 * only failure kinds where a retry can help.
 *
 * @param maxAttempts total attempts including the first (1 = no retries)
 * @param baseDelay   backoff base
 * @param maxDelay    backoff cap
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
    }

    public static RetryPolicy retries(int retries) {
        return new RetryPolicy(retries + 1, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** Whether to try again after attempt number {@code attempt} failed with {@code kind}. */
    public boolean shouldRetry(FailureKind kind, int attempt) {
        return kind != null && kind.retryable() && attempt < maxAttempts;
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        long cap = ceiling(retry).toMillis();
        return Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1));
    }

    /** The upper bound of the wait before retry number {@code retry}. */
    public Duration ceiling(int retry) {
        long base = baseDelay.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long exp = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(exp, maxDelay.toMillis()));
    }
}
