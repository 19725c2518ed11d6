package dev.muster.core.plan;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.store.StepMark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a plan run keeps about each host between its steps and batches: the values steps registered
 * and the handlers it is owed. Every change that matters on resume is written to the run's
 * {@link PlanJournal} as it happens (none in check mode).
 */
final class PlanLedger {
    private final Plan plan;
    private final PlanContext context;
    private final PlanJournal journal;
    private final Map<String, Map<String, Object>> registered = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> owed = new ConcurrentHashMap<>();

    PlanLedger(Plan plan, PlanContext context, PlanJournal journal) {
        this.plan = plan;
        this.context = context;
        this.journal = journal;
    }

    /** The variables a command on {@code host} sees: the host's, what earlier steps registered, the plan's. */
    Map<String, Object> scope(Host host) {
        return PlanVars.hostScope(host, Map.of(), registered.getOrDefault(host.name(), Map.of()), context.vars());
    }

    /** Takes back what an earlier attempt of the run registered on {@code hosts} and still owed them. */
    void resumeFrom(PlanJournal.Resume resume, List<Host> hosts) {
        for (Host h : hosts) {
            Map<String, Object> was = new ConcurrentHashMap<>();
            resume.outputs(h.name()).forEach((step, output) -> {
                String name = plan.steps().get(step).register();
                if (name != null) {
                    was.put(name, Map.of("stdout", output, "stderr", "", "exit_code", 0, "changed", false));
                }
            });
            registered.put(h.name(), was);
            owed.computeIfAbsent(h.name(), k -> ConcurrentHashMap.newKeySet()).addAll(resume.owedHandlers(h.name()));
        }
    }

    /** Journals the step's end, keeps what it registered and owes the handlers it notified. */
    void stepFinished(int batch, int index, PlanStep step, Outcome o) {
        boolean check = context.check();
        if (step.register() != null) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("stdout", o.stdout().strip());
            value.put("stderr", o.stderr().strip());
            value.put("exit_code", o.exitCode() == null ? "" : o.exitCode());
            value.put("changed", o.status() == Status.CHANGED);
            registered.computeIfAbsent(o.host(), k -> new ConcurrentHashMap<>()).put(step.register(), value);
        }
        if (o.status() == Status.CHANGED) { // owed before done: a kill between the two still pays the handler
            for (String handler : step.notifies()) {
                if (owed.computeIfAbsent(o.host(), k -> ConcurrentHashMap.newKeySet()).add(handler) && !check) {
                    journal.mark(StepMark.handler(StepMark.Mark.HANDLER_OWED, batch, o.host(), handler));
                }
            }
        }
        if (!check) {
            journal.mark(StepMark.done(batch, index, o.host(), o.status().name().toLowerCase(java.util.Locale.ROOT),
                    step.register() == null ? "" : context.redactor().redact(o.stdout().strip())));
        }
    }

    /** Journals that {@code host} starts step {@code index} (so a resume knows it was in flight). */
    void stepStarted(int batch, int index, String host) {
        if (!context.check()) {
            journal.mark(StepMark.started(batch, index, host));
        }
    }

    /** Whether {@code host} is owed handler {@code name}. */
    boolean owes(String host, String name) {
        return owed.getOrDefault(host, Set.of()).contains(name);
    }

    /** Handler {@code name} ran on {@code host} (or, in check mode, was reported as what would run). */
    void paid(int batch, String host, String name) {
        owed.get(host).remove(name);
        if (!context.check()) {
            journal.mark(StepMark.handler(StepMark.Mark.HANDLER_DONE, batch, host, name));
        }
    }

    /** The handlers {@code host} is still owed. */
    Set<String> owed(String host) {
        return owed.getOrDefault(host, Set.of());
    }
}
