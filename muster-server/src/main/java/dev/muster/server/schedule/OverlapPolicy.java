package dev.muster.server.schedule;

/** What a schedule does when it fires while its previous run is still queued or running. */
public enum OverlapPolicy {
    /** Refuse the new firing (recorded as refused, no run is created). */
    FORBID,
    /** Queue a new run; it is not claimed until the schedule's earlier runs have finished. */
    QUEUE;

    public String key() {
        return PolicyKeys.key(this);
    }

    public static OverlapPolicy parse(String key, String source, int line) {
        return PolicyKeys.parse(values(), key, "overlap policy", source, line);
    }
}
