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

    /** Appends a line to a plan run's journal (see {@link StepMark}), durably before returning. */
    default void mark(String runId, StepMark mark) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no plan journal");
    }

    /** A plan run's journal, oldest first; empty when there is none. */
    default List<StepMark> marks(String runId) {
        return List.of();
    }

    /** Makes a recorded run running again so outcomes and marks can be appended ({@code --resume}). */
    default void reopen(String runId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot reopen runs");
    }

    /** Says that run {@code runId} waits for a human's approval of {@code key}. */
    default void requestApproval(String runId, String key, String message) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no approvals");
    }

    /** The approval run {@code runId} waits for, if any. */
    default Optional<Approval> pendingApproval(String runId) {
        return Optional.empty();
    }

    /** Approves what run {@code runId} waits for; false when it waits for nothing. */
    default boolean approve(String runId, String who) {
        return false;
    }

    /** Whether {@code key} of run {@code runId} was approved. */
    default boolean approved(String runId, String key) {
        return false;
    }

    /**
     * Sets {@code key} of a run's recorded spec to {@code value} (e.g. the states of a grouped plan's
     * groups as they change), so the run's record shows it. Stores that keep no such detail ignore it.
     */
    default void detail(String runId, String key, Object value) {
    }

    /** A small named value kept between runs (e.g. the live colour of a blue-green plan), or null. */
    default String state(String key) {
        return null;
    }

    /** Sets a value {@link #state(String)} reads. */
    default void state(String key, String value) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no state");
    }

    /**
     * An approval a run waits for.
     *
     * @param key         which approve step and batch ("step-3-batch-2")
     * @param message     the approve step's message
     * @param requestedAt when the run started waiting
     */
    record Approval(String key, String message, java.time.Instant requestedAt) {
    }
}
