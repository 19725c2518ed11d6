package dev.muster.server.schedule;

import dev.muster.core.Keyed;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One recorded firing of a schedule for one instant; there is at most one per (schedule,
 * instant), whichever server made it.
 *
 * @param schedule    the schedule's name
 * @param scheduledAt the cron instant this firing stands for
 * @param firedAt     when a server recorded it (later than scheduledAt after a misfire)
 * @param firedBy     the id of the server that recorded it
 * @param outcome     what came of it
 * @param runId       the queued run, or null when none was created (refused, missed)
 */
public record Firing(String schedule, Instant scheduledAt, Instant firedAt, String firedBy, Outcome outcome,
                     String runId) {

    public enum Outcome implements Keyed {
        /** A run was queued and nothing else of the schedule was active: start it. */
        DISPATCHED,
        /** A run was queued behind an active run of the same schedule (overlap: queue). */
        QUEUED,
        /** Refused because a run of the schedule was still active (overlap: forbid). */
        REFUSED,
        /** The instant was missed and the misfire policy is skip. */
        MISSED;

        public static Outcome fromKey(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    public Optional<String> run() {
        return Optional.ofNullable(runId);
    }
}
