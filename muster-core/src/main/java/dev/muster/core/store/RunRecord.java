package dev.muster.core.store;

import dev.muster.core.exec.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * One recorded run: what was asked, where, and (once loaded) every host's outcome.
 *
 * @param id         sortable run id, e.g. 20261127-190512-3fa2
 * @param kind       what ran: "run", "retry", ...
 * @param selector   the selector as typed
 * @param command    what ran on each host (secrets masked)
 * @param hosts      the matched hosts, folded
 * @param startedAt  start time
 * @param finishedAt end time, or null while running (or when the process died)
 * @param exitCode   the CLI exit code, or null while running
 * @param outcomes   per-host outcomes recorded so far
 * @param retryOf    the run this one retried, or null
 */
public record RunRecord(String id, String kind, String selector, String command, String hosts, Instant startedAt,
                        Instant finishedAt, Integer exitCode, List<Outcome> outcomes, String retryOf) {

    public RunRecord {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public String state() {
        if (finishedAt == null) {
            return "running";
        }
        return exitCode != null && exitCode == 130 ? "cancelled" : "finished";
    }
}
