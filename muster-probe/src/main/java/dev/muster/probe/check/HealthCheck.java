package dev.muster.probe.check;

import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;

/**
 * One health probe of one host: HTTP(S), TCP or a command, run from the controller or on the
 * host. A probe that fails is a {@link Probe} with a reason, not an exception; {@link StepFailure}
 * is only for not reaching the host over SSH (checks that run there). Wrap a check in a
 * {@link CheckStep} to run it through the Executor, with thresholds.
 */
@FunctionalInterface
public interface HealthCheck {

    Probe probe(StepContext context) throws StepFailure, InterruptedException;

    /**
     * Checks up front that this check can be made for {@code host} (URL fields resolve, the URL is
     * valid), so bad input stops a run before anything is probed.
     *
     * @throws dev.muster.core.InputException naming the host and what was expected
     */
    default void validate(dev.muster.core.inventory.Host host) {
    }

    /** What is checked, for run records and output ("GET http://{address}:8080/health"). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
