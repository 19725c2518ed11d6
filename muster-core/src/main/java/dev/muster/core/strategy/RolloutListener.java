package dev.muster.core.strategy;

import java.time.Duration;

/** Rollout progress, for terminals and run records. Every callback does nothing by default. */
public interface RolloutListener {

    default void batchStarted(Batch batch) {
    }

    /** Instead of {@link #batchStarted}: the batch was done in an earlier attempt of a resumed run. */
    default void batchReplayed(Batch batch) {
    }

    default void batchFinished(RolloutResult.BatchReport report) {
    }

    default void pausing(Duration pause) {
    }

    default void stopped(String reason) {
    }

    RolloutListener NONE = new RolloutListener() {
    };
}
