package dev.muster.core.store;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.HostSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Records runs, plan and ad-hoc alike, for every front end (the CLI's commands and the server's
 * jobs): begins the record, appends each host's outcome masked, and finishes it with the hosts
 * per status. What a front end adds is only where the store is and how outcomes are trimmed.
 */
public final class RecordedRuns {
    private final RunStore store;
    private final Redactor redactor;
    private final UnaryOperator<Outcome> trim;

    /** @param trim what to do to an outcome (already masked) before it is stored, e.g. cap its output */
    public RecordedRuns(RunStore store, Redactor redactor, UnaryOperator<Outcome> trim) {
        this.store = store;
        this.redactor = redactor;
        this.trim = trim;
    }

    public RecordedRuns(RunStore store, Redactor redactor) {
        this(store, redactor, UnaryOperator.identity());
    }

    /** Records that run {@code runId} began on {@code hosts} (names) at {@code startedAt}. */
    public Recording begin(String runId, RunSpec spec, List<String> hosts, Instant startedAt) {
        store.begin(new RunRecord(runId, spec.kind().key(), spec.selector(), redactor.redact(spec.command()),
                HostSet.of(hosts).fold(), startedAt, null, null, List.of(), spec.retryOf(), masked(spec.details()),
                Map.of()));
        return new Recording(runId);
    }

    /** Makes recorded run {@code runId} running again, to append to it ({@code --resume}). */
    public Recording reopen(String runId) {
        store.reopen(runId);
        return new Recording(runId);
    }

    /** Continues recording a run some other code began (the server's queue began it). */
    public Recording of(String runId) {
        return new Recording(runId);
    }

    private Map<String, Object> masked(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((k, v) -> out.put(k, v instanceof String s ? redactor.redact(s) : v));
        return out;
    }

    /** One run being recorded; as a listener it stores each host's outcome as the host finishes. */
    public final class Recording implements RunListener {
        private final String runId;

        private Recording(String runId) {
            this.runId = runId;
        }

        public String runId() {
            return runId;
        }

        @Override
        public void hostFinished(Outcome outcome) {
            store.outcome(runId, trim.apply(outcome.redacted(redactor)));
        }

        /** Stores the final outcomes (each replaces what the host's earlier outcome said). */
        public void outcomes(List<Outcome> outcomes) {
            outcomes.forEach(this::hostFinished);
        }

        /** Marks the run finished with its exit code and hosts per status key ("ok", "failed"...). */
        public void finish(int exitCode, Map<String, Integer> counts) {
            store.finish(runId, exitCode, counts);
        }

        /** As {@link #finish(int, Map)}, with hosts per status or state, keyed by {@code key}. */
        public <K> void finish(int exitCode, Map<K, Integer> counts, java.util.function.Function<K, String> key) {
            Map<String, Integer> out = new LinkedHashMap<>();
            counts.forEach((k, n) -> out.put(key.apply(k), n));
            finish(exitCode, out);
        }
    }
}
