package dev.muster.server.stream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How metric samples are exported: each group's interval, how many samples each host keeps while
 * the sink is away, how often a batch leaves, and the backoff between failed sends.
 *
 * @param buffer     samples kept per host (a sample: the metrics of one host due at one round)
 * @param batchEvery how often buffered samples are sent
 * @param backoffMin first wait after a failed send; doubled per failure up to {@code backoffMax}
 */
public record ExportSettings(Map<MetricGroup, Duration> intervals, int buffer, Duration batchEvery,
                             Duration backoffMin, Duration backoffMax) {
    public static final int DEFAULT_BUFFER = 10;
    public static final Duration DEFAULT_BATCH_EVERY = Duration.ofSeconds(30);

    public ExportSettings {
        EnumMap<MetricGroup, Duration> all = new EnumMap<>(MetricGroup.class);
        for (MetricGroup g : MetricGroup.values()) {
            Duration d = intervals == null ? null : intervals.get(g);
            all.put(g, d == null ? g.defaultInterval() : d);
        }
        for (Map.Entry<MetricGroup, Duration> e : all.entrySet()) {
            if (e.getValue().isNegative() || e.getValue().isZero()) {
                throw new IllegalArgumentException("the " + e.getKey().key() + " interval must be positive: "
                        + e.getValue());
            }
        }
        intervals = Map.copyOf(all);
        if (buffer < 1) {
            throw new IllegalArgumentException("the buffer must hold at least one sample per host: " + buffer);
        }
        Objects.requireNonNull(batchEvery, "batchEvery");
        if (batchEvery.isNegative() || batchEvery.isZero()) {
            throw new IllegalArgumentException("the batch interval must be positive: " + batchEvery);
        }
        if (backoffMin.isNegative() || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("expected 0 < backoff min <= backoff max, got " + backoffMin + " and "
                    + backoffMax);
        }
    }

    public static ExportSettings defaults() {
        return new ExportSettings(Map.of(), DEFAULT_BUFFER, DEFAULT_BATCH_EVERY, Duration.ofSeconds(1),
                Duration.ofMinutes(1));
    }

    public ExportSettings withIntervals(Map<MetricGroup, Duration> intervals) {
        return new ExportSettings(intervals, buffer, batchEvery, backoffMin, backoffMax);
    }

    public ExportSettings withBuffer(int buffer) {
        return new ExportSettings(intervals, buffer, batchEvery, backoffMin, backoffMax);
    }

    public ExportSettings withBatchEvery(Duration every) {
        return new ExportSettings(intervals, buffer, every, backoffMin, backoffMax);
    }

    public ExportSettings withBackoff(Duration min, Duration max) {
        return new ExportSettings(intervals, buffer, batchEvery, min, max);
    }

    /** The shortest group interval: the server samples at least this often while exporting. */
    public Duration shortestInterval() {
        return intervals.values().stream().min(Duration::compareTo).orElseThrow();
    }
}
