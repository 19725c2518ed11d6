package dev.muster.server.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the scheduler needs from the store: the schedules and how far each has been fired, and an
 * atomic "record this firing" that succeeds once per (schedule, instant) across all servers.
 */
public interface ScheduleLedger {

    /**
     * A schedule and the instant up to which it has been dealt with: its latest recorded firing,
     * or the time it was last saved when that is later (a new or edited schedule does not fire
     * for instants before it existed).
     */
    record Entry(Schedule schedule, Instant handledUntil) {
    }

    List<Entry> enabledSchedules();

    /**
     * In one transaction: records the firing of {@code schedule} for {@code scheduledAt}, unless one
     * is already recorded (then empty, nothing changed); unless {@code missed}, queues a run per the
     * schedule's overlap policy.
     */
    Optional<Firing> record(Schedule schedule, Instant scheduledAt, Instant firedAt, String firedBy,
                            boolean missed);
}
