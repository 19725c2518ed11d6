package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.core.plan.Group;
import dev.muster.core.plan.GroupApply;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanApply;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.store.RecordedRuns;
import dev.muster.core.store.RunStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `muster apply` of a plan with groups: each group's batches are printed with its name in front,
 * every change of a group's state on a line of its own ("group db: waiting for window night until
 * ..."), and the groups' states are kept in the run's record ({@code spec.groups} of run.json).
 */
final class ApplyGroups {
    private final Plan plan;
    private final Terminal term;
    private final RunStore store;
    private final String runId;
    private final Map<String, Map<String, Object>> recorded = new LinkedHashMap<>();
    private volatile boolean begun;
    private final List<Map<String, Object>> overrides = new ArrayList<>();

    ApplyGroups(Plan plan, Terminal term, RunStore store, String runId) {
        this.plan = plan;
        this.term = term;
        this.store = store;
        this.runId = runId;
        for (Group g : plan.groups()) {
            recorded.put(g.name(), g.pendingRecord());
        }
    }

    /** Runs the groups; returns the exit code. */
    int run(GroupApply apply, List<Host> planHosts, PlanJournal journal, PlanJournal.Resume resume,
            dev.muster.core.strategy.Rollout.Pauser pauser, ExecutorOptions options, boolean check, boolean diff,
            boolean timings, dev.muster.core.Redactor redactor, java.util.function.Supplier<RecordedRuns.Recording> begin,
            boolean resumed, int forks) {
        PrintWriter out = term.out();
        out.println((check ? "check " : "apply ") + plan.name() + " (run " + runId + (resumed ? ", resumed" : "")
                + "): " + plan.groups().size() + " groups");
        GroupLines.lines(plan, forks, Instant.now(), ZoneId.systemDefault()).forEach(out::println);
        out.flush();
        GroupApply.Prepared prepared = apply.prepare(planHosts, g -> {
            ApplyPrinter p = new ApplyPrinter(out, redactor, check || diff);
            p.timings = timings;
            p.prefix = "[" + g.name() + "] ";
            return p;
        }, new GroupApply.States() {
            @Override
            public void state(Group group, String state) {
                ApplyGroups.this.state(group, state);
            }

            @Override
            public void overridden(Group group, String window, String unit, String closed, String reason) {
                Map<String, Object> o = group.overrideRecord(window, unit, closed, redactor.redact(reason));
                o.put("by", System.getProperty("user.name"));
                o.put("at", Instant.now().toString());
                synchronized (ApplyGroups.this) {
                    overrides.add(o);
                }
                record();
            }
        }, journal, resume, pauser);
        RecordedRuns.Recording recording = begin.get(); // only once every group was built: bad input records no run
        begun = true;
        record();
        GroupApply.Result result = prepared.run(options);
        for (GroupApply.GroupResult r : result.groups()) {
            Map<String, Object> m = recorded.get(r.group().name());
            synchronized (this) {
                m.put("state", r.state());
                m.put("detail", r.detail());
            }
        }
        record();
        out.println("groups:");
        for (GroupApply.GroupResult r : result.groups()) {
            out.println("  " + r.group().name() + " " + GroupApply.hosts(r.group()) + ": " + redactor.redact(r.describe()));
        }
        if (result.groups().stream().anyMatch(r -> r.state().equals("waiting"))) {
            out.println("paused: continue with muster apply " + plan.source() + " --resume " + runId
                    + " (add --wait-window to wait for the window)");
        }
        ApplyPrinter recap = new ApplyPrinter(out, redactor, check || diff);
        recap.checking = check;
        recap.recap(new PlanApply.Result(result.rollout(), null, null, null));
        recording.outcomes(result.rollout().outcomes());
        recording.finish(result.exitCode(), result.rollout().stateCounts(), s -> s.key());
        return result.exitCode();
    }

    private void state(Group g, String state) {
        synchronized (this) {
            recorded.get(g.name()).put("state", state);
        }
        PrintWriter out = term.out();
        out.println("group " + g.name() + ": " + state);
        out.flush();
        record();
    }

    private synchronized void record() {
        if (store != null && begun) {
            List<Map<String, Object>> copy = new ArrayList<>();
            recorded.values().forEach(m -> copy.add(new LinkedHashMap<>(m)));
            store.detail(runId, "groups", copy);
            if (!overrides.isEmpty()) {
                store.detail(runId, "window_overrides", List.copyOf(overrides));
            }
        }
    }
}
