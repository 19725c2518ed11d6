package dev.muster.core.store;

import dev.muster.core.exec.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One recorded run: what was asked, where, and (once loaded) every host's outcome.
 *
 * @param id         sortable run id, e.g. 20261127-190512.274-3fa2
 * @param kind       what ran: "run", "retry", ...
 * @param selector   the selector as typed
 * @param command    what ran on each host (secrets masked)
 * @param hosts      the matched hosts, folded
 * @param startedAt  start time
 * @param finishedAt end time, or null while running (or when the process died)
 * @param exitCode   the CLI exit code, or null while running
 * @param outcomes   per-host outcomes recorded so far
 * @param retryOf    the run this one retried, or null
 * @param spec       how to run the same step again (command, script path, sudo...), secrets masked
 * @param counts     hosts per status key ("ok", "failed", ...), once finished
 */
public record RunRecord(String id, String kind, String selector, String command, String hosts, Instant startedAt,
                        Instant finishedAt, Integer exitCode, List<Outcome> outcomes, String retryOf,
                        Map<String, Object> spec, Map<String, Integer> counts) {

    public RunRecord {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        spec = spec == null ? Map.of() : Map.copyOf(spec);
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    RunRecord finished(Instant at, int exit, Map<String, Integer> counts) {
        return new RunRecord(id, kind, selector, command, hosts, startedAt, at, exit, List.of(), retryOf, spec,
                counts);
    }

    RunRecord withOutcomes(List<Outcome> outcomes) {
        return new RunRecord(id, kind, selector, command, hosts, startedAt, finishedAt, exitCode, outcomes, retryOf,
                spec, counts);
    }

    public String state() {
        if (finishedAt == null) {
            return "running";
        }
        return exitCode != null && exitCode == 130 ? "cancelled" : "finished";
    }
}
