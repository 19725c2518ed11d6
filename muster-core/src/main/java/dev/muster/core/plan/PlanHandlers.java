package dev.muster.core.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan's change handlers at the end of a batch: each handler that a step which changed a host
 * notified runs once on that host, in the plan's order, unless the host has stopped.
 */
record PlanHandlers(Plan plan, Map<String, Step> built, PlanContext context, PlanLedger ledger, Executor executor,
                   RunListener listener) {

    /** The built handler called {@code name}. */
    Step step(String name) {
        return built.get(name);
    }

    /**
     * Runs each owed handler once per host of {@code hosts} not in {@code stopped}, folding its
     * outcome into {@code outcomes}; a host a handler fails on joins {@code stopped}. Returns
     * whether the run was cancelled.
     */
    boolean run(int batch, List<Host> hosts, Set<String> stopped, Map<String, Outcome> outcomes,
                ExecutorOptions options) throws InterruptedException {
        for (Map.Entry<String, Step> handler : built.entrySet()) {
            String name = handler.getKey();
            List<Host> due = hosts.stream().filter(h -> !stopped.contains(h.name()) && ledger.owes(h.name(), name))
                    .toList();
            if (due.isEmpty()) {
                continue;
            }
            PlanStep step = plan.handlers().get(name);
            if (context.check()) {
                for (Host h : due) {
                    ledger.paid(batch, h.name(), name);
                    outcomes.merge(h.name(), Outcome.note(h.name(), Status.CHANGED, "handler " + name + " would run"),
                            StepOutcomes::combine);
                }
                continue;
            }
            RunResult r = executor.run(due, handler.getValue(), StepOutcomes.options(options, step), listener);
            for (Outcome o : r.outcomes()) {
                if (o.success()) {
                    ledger.paid(batch, o.host(), name);
                } else {
                    stopped.add(o.host());
                }
                outcomes.merge(o.host(), StepOutcomes.label("handler " + name, step, o), StepOutcomes::combine);
            }
            if (r.cancelled()) {
                return true;
            }
        }
        return false;
    }
}
