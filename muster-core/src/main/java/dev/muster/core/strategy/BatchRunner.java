package dev.muster.core.strategy;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import java.util.List;

/**
 * Does a batch's work: one outcome per host. A single step through the {@link Executor} is the
 * common case; a plan's step list is another runner over the same executor.
 */
@FunctionalInterface
public interface BatchRunner {

    RunResult run(List<Host> hosts, ExecutorOptions options) throws InterruptedException;

    static BatchRunner of(Executor executor, Step step, RunListener listener) {
        return (hosts, options) -> executor.run(hosts, step, options, listener);
    }
}
