package dev.muster.server.schedule;

import dev.muster.core.InputException;
import java.util.Locale;

/** What a schedule does when it fires while its previous run is still queued or running. */
public enum OverlapPolicy {
    /** Refuse the new firing (recorded as refused, no run is created). */
    FORBID,
    /** Queue a new run; it is not claimed until the schedule's earlier runs have finished. */
    QUEUE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OverlapPolicy parse(String key, String source, int line) {
        for (OverlapPolicy p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new InputException(source, line, 0, "unknown overlap policy '" + key + "'; expected forbid or queue");
    }
}
