package dev.muster.server.store;

import java.util.Map;

/**
 * A run asked for but not started: by an API call, or by a schedule firing.
 *
 * @param kind        what will run: "run", "plan", "scheduled", ...
 * @param selector    the selector as typed
 * @param command     what will run on each host, secrets masked
 * @param spec        how the engine layer starts it (secrets masked), stored as JSON
 * @param environment the environment it targets, for per-environment roles, or null
 * @param requestedBy who asked: a user, a token's owner, or "schedule &lt;name&gt;"
 * @param schedule    the schedule that fired it, or null
 */
public record RunRequest(String kind, String selector, String command, Map<String, Object> spec,
                         String environment, String requestedBy, String schedule) {
    public RunRequest {
        spec = spec == null ? Map.of() : Map.copyOf(spec);
    }
}
