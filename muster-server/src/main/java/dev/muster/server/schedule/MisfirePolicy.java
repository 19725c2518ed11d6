package dev.muster.server.schedule;

/** What a schedule does about fire times missed while no server was running (or it was late). */
public enum MisfirePolicy {
    /** Fire once, now, for all the missed instants together (recorded as the latest of them). */
    RUN_ONCE,
    /** Do not fire for missed instants; record the latest as missed and wait for the next one. */
    SKIP;

    public String key() {
        return PolicyKeys.key(this);
    }

    public static MisfirePolicy parse(String key, String source, int line) {
        return PolicyKeys.parse(values(), key, "misfire policy", source, line);
    }
}
