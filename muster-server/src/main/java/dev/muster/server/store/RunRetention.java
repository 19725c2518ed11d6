package dev.muster.server.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes old runs with their outcomes and output (by cascade). Only runs that are over
 * (finished or cancelled) are deleted; queued and running ones are kept whatever their age.
 */
public final class RunRetention {
    private static final String OVER = "status IN ('finished', 'cancelled')";

    private final Jdbc jdbc;
    private final Clock clock;

    RunRetention(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Deletes runs that finished more than {@code maxAge} ago; returns how many. */
    public int deleteOlderThan(Duration maxAge) {
        return jdbc.inTransaction("delete old runs", c -> Jdbc.update(c,
                "DELETE FROM runs WHERE " + OVER + " AND finished_at < ?", clock.instant().minus(maxAge)));
    }

    /** Deletes finished runs beyond the newest {@code maxRuns} runs; returns how many. */
    public int keepNewest(int maxRuns) {
        if (maxRuns < 0) {
            throw new IllegalArgumentException("maxRuns must not be negative: " + maxRuns);
        }
        return jdbc.inTransaction("delete surplus runs", c -> Jdbc.update(c,
                "DELETE FROM runs WHERE " + OVER + " AND id NOT IN ("
                        + "SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT ?)", maxRuns));
    }

    /** Both limits, as configured; returns how many runs were deleted. */
    public int apply(Duration maxAge, int maxRuns) {
        return deleteOlderThan(maxAge) + keepNewest(maxRuns);
    }
}
