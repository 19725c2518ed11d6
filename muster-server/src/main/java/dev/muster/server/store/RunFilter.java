package dev.muster.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which runs a list shows: any field null (or empty) does not filter.
 *
 * @param statuses    stored statuses, any of them
 * @param exitNonZero true: only runs that ended with an exit code other than 0; false: only 0
 * @param requestedBy who asked for the run
 * @param host        a host the run touched (it has an outcome or started there)
 * @param environment one of the run's environments
 * @param from        created at or after
 * @param to          created before
 */
public record RunFilter(Set<RunStatus> statuses, Boolean exitNonZero, String requestedBy, String host,
                        String environment, Instant from, Instant to) {
    public static final RunFilter NONE = new RunFilter(null, null, null, null, null, null, null);

    public RunFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public boolean none() {
        return this.equals(NONE);
    }

    /** The WHERE conditions (joined by AND, or "1 = 1") and their parameters, appended to {@code params}. */
    String where(List<Object> params) {
        List<String> and = new ArrayList<>();
        if (!statuses.isEmpty()) {
            and.add("status IN (" + String.join(", ", statuses.stream().map(s -> "?").toList()) + ")");
            statuses.stream().sorted().forEach(s -> params.add(s.key()));
        }
        if (exitNonZero != null) {
            and.add(exitNonZero ? "(exit_code IS NULL OR exit_code <> 0)" : "exit_code = 0");
        }
        if (requestedBy != null) {
            and.add("requested_by = ?");
            params.add(requestedBy);
        }
        if (environment != null) {
            and.add("(',' || environment || ',') LIKE ?");
            params.add("%," + environment.replace("%", "").replace("_", "") + ",%");
        }
        if (host != null) {
            and.add("(EXISTS (SELECT 1 FROM run_hosts h WHERE h.run_id = runs.id AND h.host = ?) "
                    + "OR EXISTS (SELECT 1 FROM run_inflight i WHERE i.run_id = runs.id AND i.host = ?))");
            params.add(host);
            params.add(host);
        }
        if (from != null) {
            and.add("created_at >= ?");
            params.add(from);
        }
        if (to != null) {
            and.add("created_at < ?");
            params.add(to);
        }
        return and.isEmpty() ? "1 = 1" : String.join(" AND ", and);
    }
}
