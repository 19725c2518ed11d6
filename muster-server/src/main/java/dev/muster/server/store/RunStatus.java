package dev.muster.server.store;

import dev.muster.core.Keyed;
import java.util.Locale;

/**
 * Where a run is in its life: asked for, being executed by a server, or done: finished, cancelled,
 * or interrupted (the controller executing it stopped renewing its lease, e.g. it died).
 */
public enum RunStatus implements Keyed {
    QUEUED, RUNNING, FINISHED, CANCELLED, INTERRUPTED;

    /** Exit code the CLI uses for a cancelled run. */
    static final int CANCELLED_EXIT = 130;

    public static RunStatus fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
