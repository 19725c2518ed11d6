package dev.muster.server.schedule;

import java.util.Map;
import java.util.Objects;

/**
 * A named schedule: when (cron in a zone), what (the target the engine layer understands, e.g.
 * {@code {"selector": "@web", "command": "uptime"}} or {@code {"plan": "plans/inspect.yaml"}};
 * secrets must not be in it), and its misfire and overlap policies.
 */
public record Schedule(String name, CronSchedule cron, Map<String, Object> target, MisfirePolicy misfire,
                       OverlapPolicy overlap, boolean enabled) {

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(misfire, "misfire");
        Objects.requireNonNull(overlap, "overlap");
        target = target == null ? Map.of() : Map.copyOf(target);
        if (name.isBlank()) {
            throw dev.muster.core.InputException.in("schedule", "a schedule needs a name");
        }
    }

    /** Parses the cron text, naming this schedule in any error. */
    public static Schedule of(String name, String cron, String zone, Map<String, Object> target,
                              MisfirePolicy misfire, OverlapPolicy overlap) {
        return new Schedule(name, CronSchedule.parse(cron, zone, "schedule " + name), target, misfire, overlap,
                true);
    }

    public Schedule disabled() {
        return new Schedule(name, cron, target, misfire, overlap, false);
    }
}
