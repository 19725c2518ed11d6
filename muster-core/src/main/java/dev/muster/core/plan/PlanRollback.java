package dev.muster.core.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Rollback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's rollback: on each host, undo the steps that can be undone, newest first (a release
 * switches {@code current} back to the release it replaced), run the handlers those steps notify
 * (e.g. restart), then the plan's {@code rollback:} steps. A host is back when all of it succeeded.
 */
record PlanRollback(Plan plan, PlanSteps steps, PlanHandlers handlers, Executor executor, RunListener listener) {

    Rollback with(ExecutorOptions options) {
        return hosts -> {
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            Set<String> stopped = new HashSet<>();
            List<Integer> order = new ArrayList<>(steps.undos().keySet());
            Collections.reverse(order);
            Set<String> notified = new LinkedHashSet<>();
            for (int i : order) {
                PlanStep step = plan.steps().get(i);
                notified.addAll(step.notifies());
                phase(hosts, step.hostSet(), steps.undos().get(i), options, "undo step " + (i + 1), step, outcomes,
                        stopped);
            }
            for (String name : plan.handlers().keySet()) {
                if (notified.contains(name)) {
                    PlanStep step = plan.handlers().get(name);
                    phase(hosts, step.hostSet(), handlers.step(name), options, "handler " + name, step, outcomes,
                            stopped);
                }
            }
            for (int i = 0; i < plan.rollback().size(); i++) {
                PlanStep step = plan.rollback().get(i);
                phase(hosts, step.hostSet(), steps.rollback().get(i), options, "rollback step " + (i + 1), step,
                        outcomes, stopped);
            }
            return hosts.stream().map(h -> outcomes.getOrDefault(h.name(),
                    Outcome.note(h.name(), Status.FAILED, "nothing in the plan can roll this host back"))).toList();
        };
    }

    private void phase(List<Host> hosts, HostSet on, Step work, ExecutorOptions options, String what, PlanStep step,
                       Map<String, Outcome> outcomes, Set<String> stopped) throws InterruptedException {
        List<Host> targets = hosts.stream().filter(h -> on.contains(h.name()) && !stopped.contains(h.name())).toList();
        if (targets.isEmpty() || work == null) {
            return;
        }
        for (Outcome o : executor.run(targets, work, options, listener).outcomes()) {
            outcomes.merge(o.host(), StepOutcomes.label(what, step, o), StepOutcomes::combine);
            if (!o.success()) {
                stopped.add(o.host());
            }
        }
    }
}
