package dev.muster.core.exec;

/**
 * One action run against one host. Steps know nothing about fan-out, retries or output:
 * the {@link Executor} calls {@link #run} once per attempt per host.
 */
@FunctionalInterface
public interface Step {

    /**
     * Runs this step on {@code context.host()}. Return a result (including a failed one, e.g. a
     * non-zero exit); throw {@link StepFailure} for transport-level trouble.
     */
    StepResult run(StepContext context) throws StepFailure, InterruptedException;

    /** A short description for run records and progress ("uname -r", "script fix.sh"). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
