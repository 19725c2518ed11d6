package dev.muster.core.strategy;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Step;

/**
 * Does a batch's work: one outcome per host. A single step through the {@link Executor} is the
 * common case; a plan's step list is another runner over the same executor.
 */
@FunctionalInterface
public interface BatchRunner {

    RunResult run(Batch batch, ExecutorOptions options) throws InterruptedException;

    /**
     * Whether {@code batch} was done in an earlier attempt of the run (resume), known before it
     * runs: its outcomes are replayed rather than worked, its gates passed then so they are not
     * run again, and no pause precedes it.
     */
    default boolean replayed(Batch batch) {
        return false;
    }

    /**
     * Called before a batch that is not replayed starts: null to start it, or why it may not start
     * now (a closed maintenance window); the rollout then stops there and later batches are not
     * started. It may wait (for a window to open) before answering.
     */
    default String hold(Batch batch) throws InterruptedException {
        return null;
    }

    /** Called once {@code batch} passed its failure limit and gates. */
    default void passed(Batch batch) {
    }

    static BatchRunner of(Executor executor, Step step, RunListener listener) {
        return (batch, options) -> executor.run(batch.hosts(), step, options, listener);
    }
}
