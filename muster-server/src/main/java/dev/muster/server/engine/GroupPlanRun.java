package dev.muster.server.engine;

import dev.muster.core.exec.Executor;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.plan.Group;
import dev.muster.core.plan.GroupApply;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanJournal;
import dev.muster.core.store.PlanRunSpec;
import dev.muster.core.store.RecordedRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan with {@code groups:} applied by the server: each group its own rollout in dependency order
 * (core's {@link GroupApply}). A group whose window is closed waits for its next opening by itself
 * (no one needs to resume it); the wait ends when the run is cancelled or the server stops, and a
 * run of a plan that says {@code resume: auto} is continued from its journal after a controller
 * restart, the wait included. Every group's state is kept in the run's spec ({@code groups}) as it
 * changes, as {@code muster apply} keeps it in run.json, for the API and the dashboard.
 */
final class GroupPlanRun {
    private final PlanJob job;
    private final Plan plan;
    private final Inventory inventory;
    private final PlanContext context;
    private final Waits waits;
    private final Map<String, Map<String, Object>> recorded = new LinkedHashMap<>();
    private final List<Map<String, Object>> overrides = new ArrayList<>();
    private volatile boolean begun;

    GroupPlanRun(PlanJob job, Plan plan, Inventory inventory, PlanContext context, Waits waits) {
        this.job = job;
        this.plan = plan;
        this.inventory = inventory;
        this.context = context;
        this.waits = waits;
        for (Group g : plan.groups()) {
            recorded.put(g.name(), g.pendingRecord());
        }
    }

    int execute(Path file, PlanJob.Progress progress, PlanJournal.Resume resumed) {
        var transport = job.settings.transport();
        Executor executor = new Executor(transport);
        job.executor = executor;
        GroupApply apply = new GroupApply(plan, inventory, executor, context, job.settings.planSteps().apply(transport),
                job.store.runs(), Clock.systemUTC(), waits::sleep, true)
                .overrideWindows(window -> approved(window).map(r -> String.valueOf(r.get("reason"))).orElse(null));
        List<Host> hosts = inventory.hosts(plan.hosts());
        GroupApply.Prepared prepared = apply.prepare(hosts, g -> progress, states(),
                new PlanJournal(job.store.runs(), job.run.id()), resumed, waits::pause);
        // the spec as stored now: an override asked for since the run was claimed is kept
        Map<String, Object> spec = new LinkedHashMap<>(job.store.runs().get(job.run.id())
                .map(r -> r.record().spec()).orElse(job.run.record().spec()));
        spec.put("plan_sha256", PlanRunSpec.sha256(file));
        spec.put("groups", snapshot());
        RecordedRuns.Recording recording = job.begin(plan.targets(), "apply " + job.spec("plan"), hosts, spec);
        begun = true;
        if (job.cancelled()) {
            job.clearInterrupt();
            recording.finish(130, Map.of());
            return 130;
        }
        GroupApply.Result result = prepared.run(job.settings.executor());
        job.clearInterrupt();
        synchronized (this) {
            for (GroupApply.GroupResult r : result.groups()) {
                Map<String, Object> m = recorded.get(r.group().name());
                m.put("state", r.state());
                m.put("detail", job.redactor().redact(r.detail()));
            }
        }
        record();
        job.recorded(job::capped).of(job.run.id()).outcomes(result.rollout().outcomes());
        int exit = job.cancelled() ? 130 : result.exitCode();
        recording.finish(exit, result.rollout().stateCounts(), s -> s.key());
        return exit;
    }

    /** The override of {@code window} a second person approved for this run (read from the store), if any. */
    private java.util.Optional<Map<String, Object>> approved(String window) {
        try {
            return job.store.runs().get(job.run.id()).flatMap(r -> WindowOverrides.approved(r.record().spec(), window));
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // the store is unreachable: the window holds
        }
    }

    private GroupApply.States states() {
        return new GroupApply.States() {
            @Override
            public void state(Group group, String state) {
                String shown = job.redactor().redact(state);
                synchronized (GroupPlanRun.this) {
                    if (shown.equals(recorded.get(group.name()).put("state", shown))) {
                        return; // a wait looked again and found the same: nothing to write
                    }
                }
                record();
            }

            @Override
            public void overridden(Group group, String window, String unit, String closed, String reason) {
                Map<String, Object> o = group.overrideRecord(window, unit, closed, job.redactor().redact(reason));
                approved(window).ifPresent(r -> {
                    o.put("requested_by", r.get("requested_by"));
                    o.put("approved_by", r.get("approved_by"));
                });
                o.put("at", Instant.now().toString());
                synchronized (GroupPlanRun.this) {
                    overrides.add(o);
                }
                record();
            }
        };
    }

    private synchronized List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> copy = new ArrayList<>();
        recorded.values().forEach(m -> copy.add(new LinkedHashMap<>(m)));
        return copy;
    }

    /** Writes the states under the lock, so a later state is never overwritten by an earlier one. */
    private synchronized void record() {
        if (!begun) {
            return;
        }
        List<Map<String, Object>> groups = snapshot();
        List<Map<String, Object>> over = List.copyOf(overrides);
        try {
            job.store.runs().detail(job.run.id(), "groups", groups);
            if (!over.isEmpty()) {
                job.store.runs().detail(job.run.id(), "window_overrides", over);
            }
        } catch (RuntimeException e) {
            // the store is briefly unreachable: the next change records the states again
        }
    }
}
