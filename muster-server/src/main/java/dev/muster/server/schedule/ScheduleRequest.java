package dev.muster.server.schedule;

import dev.muster.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schedule as a user asks for it (CLI `muster schedule add` or the API): a plan, an inspection,
 * or a command over a selector. The files named are checked by whoever can read them (the API
 * and the CLI resolve them); this checks the shape. {@link #toSchedule()} validates it, cron included, naming the schedule
 * in every error.
 *
 * @param zone    an IANA zone, or null for UTC
 * @param misfire "run_once" or "skip", or null for run_once
 * @param overlap "forbid" or "queue", or null for forbid
 */
public record ScheduleRequest(String name, String cron, String zone, String plan, String inspection, String selector,
                              String command, String misfire, String overlap) {

    public Schedule toSchedule() {
        String source = "schedule " + name;
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw InputException.in("schedule", "a schedule name is letters, digits, '.', '_' or '-', got "
                    + name);
        }
        Schedule s = Schedule.of(name, cron, zone, target(source),
                MisfirePolicy.parse(misfire == null ? "run_once" : misfire, source, 0),
                OverlapPolicy.parse(overlap == null ? "forbid" : overlap, source, 0));
        s.cron().requireFires(source);
        return s;
    }

    private Map<String, Object> target(String source) {
        boolean hasPlan = given(plan);
        boolean hasInspection = given(inspection);
        boolean hasCommand = given(command);
        if ((hasPlan ? 1 : 0) + (hasInspection ? 1 : 0) + (hasCommand ? 1 : 0) != 1) {
            throw InputException.in(source, "expected one of a plan, an inspection or a command (with a selector)");
        }
        Map<String, Object> t = new LinkedHashMap<>();
        if (hasPlan) {
            t.put("plan", plan);
            return t;
        }
        if (hasInspection) {
            t.put("inspection", inspection);
            return t;
        }
        if (!given(selector)) {
            throw InputException.in(source, "a command schedule needs a selector");
        }
        t.put("selector", selector);
        t.put("command", command);
        return t;
    }

    private static boolean given(String s) {
        return s != null && !s.isBlank();
    }
}
