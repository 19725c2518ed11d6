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
 */
public record RetentionPolicy(Duration runsMaxAge, int maxRuns, Duration reportsMaxAge, Duration samplesMaxAge,
                              Duration every) {
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(30), 10_000,
            Duration.ofDays(90), Duration.ofDays(7), Duration.ofHours(1));

    public RetentionPolicy {
        Objects.requireNonNull(runsMaxAge, "runsMaxAge");
        Objects.requireNonNull(reportsMaxAge, "reportsMaxAge");
        Objects.requireNonNull(samplesMaxAge, "samplesMaxAge");
        Objects.requireNonNull(every, "every");
        if (maxRuns < 0) {
            throw new IllegalArgumentException("maxRuns must not be negative: " + maxRuns);
        }
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("retention must be applied at a positive interval: " + every);
        }
    }
}
