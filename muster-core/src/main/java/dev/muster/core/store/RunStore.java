package dev.muster.core.store;

import dev.muster.core.exec.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs are recorded. Outcomes are appended as hosts finish, so an interrupted run keeps
 * what it had. The CLI uses {@link FileRunStore}; the server will use a JDBC store.
 */
public interface RunStore {

    /** Records the start of a run (outcomes empty, not finished). */
    void begin(RunRecord run);

    /** Appends one host's outcome (already redacted by the caller). */
    void outcome(String runId, Outcome outcome);

    /** Marks the run finished with its exit code and hosts per status. */
    void finish(String runId, int exitCode, Map<String, Integer> counts);

    /** One run with all its outcomes. */
    Optional<RunRecord> load(String runId);

    /** The most recent runs first, without outcomes. */
    List<RunRecord> recent(int limit);
}
