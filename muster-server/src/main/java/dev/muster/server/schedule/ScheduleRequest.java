package dev.muster.server.schedule;

import dev.muster.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schedule as a user asks for it (CLI `muster schedule add` or the API): either a plan, or a
 * command over a selector. {@link #toSchedule()} validates it, cron included, naming the schedule
 * in every error.
 *
 * @param zone    an IANA zone, or null for UTC
 * @param misfire "run_once" or "skip", or null for run_once
 * @param overlap "forbid" or "queue", or null for forbid
 */
public record ScheduleRequest(String name, String cron, String zone, String plan, String selector, String command,
                              String misfire, String overlap) {

    public Schedule toSchedule() {
        String source = "schedule " + name;
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new InputException("schedule", 0, 0, "a schedule name is letters, digits, '.', '_' or '-', got "
                    + name);
        }
        return Schedule.of(name, cron, zone, target(source),
                MisfirePolicy.parse(misfire == null ? "run_once" : misfire, source, 0),
                OverlapPolicy.parse(overlap == null ? "forbid" : overlap, source, 0));
    }

    private Map<String, Object> target(String source) {
        boolean hasPlan = plan != null && !plan.isBlank();
        boolean hasCommand = command != null && !command.isBlank();
        if (hasPlan == hasCommand) {
            throw new InputException(source, 0, 0, "expected either a plan or a command (with a selector)");
        }
        Map<String, Object> t = new LinkedHashMap<>();
        if (hasPlan) {
            t.put("plan", plan);
            return t;
        }
        if (selector == null || selector.isBlank()) {
            throw new InputException(source, 0, 0, "a command schedule needs a selector");
        }
        t.put("selector", selector);
        t.put("command", command);
        return t;
    }
}
