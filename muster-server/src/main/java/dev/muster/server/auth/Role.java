package dev.muster.server.auth;

import dev.muster.core.InputException;
import dev.muster.core.Keyed;
import java.util.Locale;

/** What a subject may do in an environment; each role includes the ones before it. */
public enum Role implements Keyed {
    /** Reads hosts, runs, output, schedules and the audit log. */
    VIEWER,
    /** Also starts and cancels runs, applies plans and approves waiting plan runs. */
    OPERATOR,
    /** Also manages schedules, tokens, users and grants. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String key) {
        for (Role r : values()) {
            if (r.key().equals(key == null ? "" : key.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw InputException.in("role", "expected viewer, operator or admin, got " + key);
    }
}
