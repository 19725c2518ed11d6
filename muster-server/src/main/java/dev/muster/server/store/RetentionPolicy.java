package dev.muster.server.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server keeps what it stores ({@code muster serve --keep-runs-days, --keep-runs,
 * --keep-reports-days, --metrics-retention}), applied at start and then every {@code every}.
 * Runs still queued or running are never deleted; the newest report of each inspection is kept.
 *
 * @param runsMaxAge     finished runs older than this go
 * @param maxRuns        beyond the newest this many runs, finished ones go
 * @param reportsMaxAge  reports older than this go
 * @param samplesMaxAge  metric samples older than this go
 * @param every          how often the policy is applied
 * @param deadLettersMaxAge dead letters (open or settled) older than this go
 */
public record RetentionPolicy(Duration runsMaxAge, int maxRuns, Duration reportsMaxAge, Duration samplesMaxAge,
                              Duration every, Duration deadLettersMaxAge) {
    public static final Duration DEFAULT_DEAD_LETTERS_MAX_AGE = Duration.ofDays(30);
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(30), 10_000,
            Duration.ofDays(90), Duration.ofDays(7), Duration.ofHours(1));

    /** With the default age for dead letters. */
    public RetentionPolicy(Duration runsMaxAge, int maxRuns, Duration reportsMaxAge, Duration samplesMaxAge,
                           Duration every) {
        this(runsMaxAge, maxRuns, reportsMaxAge, samplesMaxAge, every, DEFAULT_DEAD_LETTERS_MAX_AGE);
    }

    public RetentionPolicy withDeadLettersMaxAge(Duration age) {
        return new RetentionPolicy(runsMaxAge, maxRuns, reportsMaxAge, samplesMaxAge, every, age);
    }

    public RetentionPolicy {
        Objects.requireNonNull(runsMaxAge, "runsMaxAge");
        Objects.requireNonNull(reportsMaxAge, "reportsMaxAge");
        Objects.requireNonNull(samplesMaxAge, "samplesMaxAge");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(deadLettersMaxAge, "deadLettersMaxAge");
        if (maxRuns < 0) {
            throw new IllegalArgumentException("maxRuns must not be negative: " + maxRuns);
        }
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("retention must be applied at a positive interval: " + every);
        }
    }
}
