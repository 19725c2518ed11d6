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

    /**
     * Actions this step still owes {@code host} after its last attempt, e.g. a change handler
     * that was notified (files changed) but has not run because the step failed part-way. The
     * executor records them in the host's {@link Outcome#owed()} so `muster retry` can pay them.
     */
    default java.util.List<String> owed(dev.muster.core.inventory.Host host) {
        return java.util.List.of();
    }

    /** A short description for run records and progress ("uname -r", "script fix.sh"). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
