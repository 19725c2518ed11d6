package dev.muster.server.schedule;

import dev.muster.core.InputException;
import java.util.Locale;

/** What a schedule does about fire times missed while no server was running (or it was late). */
public enum MisfirePolicy {
    /** Fire once, now, for all the missed instants together (recorded as the latest of them). */
    RUN_ONCE,
    /** Do not fire for missed instants; record the latest as missed and wait for the next one. */
    SKIP;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MisfirePolicy parse(String key, String source, int line) {
        for (MisfirePolicy p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new InputException(source, line, 0, "unknown misfire policy '" + key + "'; expected run_once or skip");
    }
}
