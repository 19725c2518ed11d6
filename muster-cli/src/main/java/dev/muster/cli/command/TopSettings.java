package dev.muster.cli.command;

import dev.muster.cli.output.TopView;
import dev.muster.core.exec.PoolStats;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import java.time.Duration;
import java.util.List;

/**
 * What `muster top` was asked for; the live screen changes sort and interval with keys.
 *
 * @param sort  the sort column, null for host name
 * @param count refreshes to show before stopping, 0 for no limit
 */
record TopSettings(String selector, MetricColumn sort, MetricFilter filter, Duration interval, int count) {
    /** The intervals + and - step through. */
    static final List<Duration> STEPS = List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    TopSettings withSort(MetricColumn sort) {
        return new TopSettings(selector, sort, filter, interval, count);
    }

    /** The next step up (slower), or the same at the top. */
    TopSettings slower() {
        for (Duration d : STEPS) {
            if (d.compareTo(interval) > 0) {
                return new TopSettings(selector, sort, filter, d, count);
            }
        }
        return this;
    }

    /** The next step down (faster), or the same at the bottom. */
    TopSettings faster() {
        for (Duration d : STEPS.reversed()) {
            if (d.compareTo(interval) < 0) {
                return new TopSettings(selector, sort, filter, d, count);
            }
        }
        return this;
    }

    TopView.Status status(TopSampler.Refresh r, PoolStats pool, boolean keys) {
        return new TopView.Status(selector, sort, filter, interval, r == null ? null : r.took(),
                r == null ? null : r.at(), pool, keys);
    }
}
