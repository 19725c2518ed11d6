package dev.muster.server.engine;

import dev.muster.core.store.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Overrides of closed maintenance windows for a server's plan run, each asked for by one person with
 * a reason and approved by a second (never the one who asked): kept in the run's spec
 * ({@code window_override_requests}), read by the run before each unit of a group its window gates.
 */
public final class WindowOverrides {
    public static final String KEY = "window_override_requests";

    private WindowOverrides() {
    }

    /** Why asking for or approving an override was refused; {@code forbidden}: the asker approving their own. */
    public static final class Refused extends RuntimeException {
        private final boolean forbidden;

        Refused(String message, boolean forbidden) {
            super(message);
            this.forbidden = forbidden;
        }

        public boolean forbidden() {
            return forbidden;
        }
    }

    /** The requests of a run's spec, oldest first. */
    public static List<Map<String, Object>> requests(Map<String, Object> spec) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (spec.get(KEY) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(k.toString(), v));
                    out.add(copy);
                }
            }
        }
        return out;
    }

    /** The approved override of {@code window}, if any. */
    public static Optional<Map<String, Object>> approved(Map<String, Object> spec, String window) {
        return requests(spec).stream().filter(r -> window.equals(r.get("window")) && r.get("approved_by") != null)
                .findFirst();
    }

    /** Records {@code who}'s request to override {@code window} of run {@code runId}, waiting for a second person. */
    public static synchronized Map<String, Object> request(RunStore runs, String runId, Map<String, Object> spec,
                                                           String window, String reason, String who, Instant now) {
        if (approved(spec, window).isPresent()) {
            throw new Refused("window " + window + " of run " + runId + " is already overridden", false);
        }
        List<Map<String, Object>> all = requests(spec);
        all.removeIf(r -> window.equals(r.get("window"))); // a new request replaces one still waiting
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("window", window);
        r.put("reason", reason);
        r.put("requested_by", who);
        r.put("requested_at", now.toString());
        all.add(r);
        runs.detail(runId, KEY, all);
        return r;
    }

    /** {@code who} approves the waiting request to override {@code window}: not the one who asked. */
    public static synchronized Map<String, Object> approve(RunStore runs, String runId, Map<String, Object> spec,
                                                           String window, String who, Instant now) {
        List<Map<String, Object>> all = requests(spec);
        Map<String, Object> pending = all.stream().filter(r -> window.equals(r.get("window")) && r.get("approved_by") == null)
                .findFirst().orElseThrow(() -> new Refused("run " + runId + " has no override of window " + window
                        + " waiting for approval", false));
        if (who.equals(pending.get("requested_by"))) {
            throw new Refused("an override needs a second person: " + who + " asked for it and cannot approve it", true);
        }
        pending.put("approved_by", who);
        pending.put("approved_at", now.toString());
        runs.detail(runId, KEY, all);
        return pending;
    }
}
