package dev.muster.core.plan;

import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.store.RunStore;
import dev.muster.core.strategy.Rollout;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.StrategySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Applies a plan with {@code groups:}: each group is its own rollout (its hosts, strategy, gates,
 * window) over the plan's steps. A group starts when every group it runs {@code after} is done
 * and their soak times have passed; groups that do not wait for each other run side by side. A
 * group that fails (or pauses for its window) stops the groups that depend on it, directly or not,
 * and no others. With {@code on_group_failure: rollback}, the groups that deployed are then rolled
 * back too, dependents before the groups they depend on.
 */
public final class GroupApply {
    /** Hears each group's state as it changes ("running batch 2/3", "waiting for window db until ..."). */
    @FunctionalInterface
    public interface States {
        void state(Group group, String state);

        /** An operator's override let {@code unit} start while {@code window} said no ({@code closed}). */
        default void overridden(Group group, String window, String unit, String closed, String reason) {
        }
    }

    /**
     * Where one group ended up.
     *
     * @param state   done, failed, waiting (for its window: resume later), stopped (a group it depends on did
     *                not finish), rolled back, interrupted
     * @param detail  why, in words ("because db failed", the window's next opening...)
     */
    public record GroupResult(Group group, String state, String detail, RolloutResult rollout) {
        public String describe() {
            return state + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** What an apply of a grouped plan did: each group, and every host's state over all of them. */
    public record Result(List<GroupResult> groups, RolloutResult rollout) {
        /** 0 when every group is done and every host deployed; 130 interrupted; else 1. */
        public int exitCode() {
            return rollout.exitCode();
        }
    }

    private final Plan plan;
    private final Inventory inventory;
    private final Executor executor;
    private final PlanContext context;
    private final List<StepFactory> factories;
    private final RunStore store;
    private final Clock clock;
    private final PlanRunner.Sleeper sleeper;
    private final boolean waitWindow;
    /** The reason an override gives to start units while a window (by name) is closed, or null. */
    private java.util.function.Function<String, String> overrides = name -> null;

    /**
     * @param clock      what windows and soak times are read against (tests pass their own)
     * @param sleeper    waits for a soak time or a window's opening
     * @param waitWindow wait for a closed window to open instead of pausing the group
     */
    public GroupApply(Plan plan, Inventory inventory, Executor executor, PlanContext context, List<StepFactory> factories,
                      RunStore store, Clock clock, PlanRunner.Sleeper sleeper, boolean waitWindow) {
        if (plan.groups().isEmpty()) {
            throw new IllegalArgumentException("plan " + plan.name() + " has no groups");
        }
        this.plan = plan;
        this.inventory = inventory;
        this.executor = executor;
        this.context = context;
        this.factories = List.copyOf(factories);
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.waitWindow = waitWindow;
    }

    /**
     * Lets units start while these windows are closed, each with the operator's reason; every unit
     * started so is reported through {@link States#overridden}, for the run's record.
     */
    public GroupApply overrideWindows(Map<String, String> reasons) {
        for (String name : reasons.keySet()) {
            if (!plan.windows().containsKey(name)) {
                throw new dev.muster.core.InputException("--override-window " + name + ": plan " + plan.name()
                        + " has no window named '" + name + "'" + dev.muster.core.inventory.Names.suggestion(name,
                        plan.windows().keySet()));
            }
        }
        Map<String, String> given = Map.copyOf(reasons);
        this.overrides = given::get;
        return this;
    }

    /**
     * Lets units start while a window is closed whenever {@code reasons} gives a reason for it: asked
     * before each unit of a group gated by that window, so an override approved while the group
     * waits (on a server, by a second person) takes effect at once.
     */
    public GroupApply overrideWindows(java.util.function.Function<String, String> reasons) {
        this.overrides = reasons;
        return this;
    }

    /** One group's run, built (steps, gates) before anything runs. */
    private record Unit(Group group, int index, PlanApply.Prepared prepared, UnitGate gate, RolloutListener listener) {
    }

    /**
     * Builds every group's run (so bad input is reported before any host is contacted).
     *
     * @param planHosts the plan's hosts, overrides applied
     * @param listeners a listener per group (its batches, hosts, stop)
     */
    public <L extends RunListener & RolloutListener> Prepared prepare(List<Host> planHosts, Function<Group, L> listeners,
                                                                     States states, PlanJournal journal,
                                                                     PlanJournal.Resume resume, Rollout.Pauser pauser) {
        Map<String, Unit> units = new LinkedHashMap<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            Group g = plan.groups().get(i);
            List<Host> hosts = planHosts.stream().filter(h -> g.hosts().contains(h.name())).toList();
            L listener = listeners.apply(g);
            PlanApply apply = new PlanApply(plan.forGroup(g), inventory, executor, context, factories, store);
            PlanApply.Prepared prepared = apply.prepare(hosts, listener, journal.group(i),
                    resume == null ? null : resume.group(i), pauser);
            // --check changes nothing, so no window holds it (its openings are shown instead)
            UnitGate gate = new UnitGate(g.window() == null || context.check() ? null : plan.windows().get(g.window()),
                    clock, sleeper,
                    waitWindow, s -> states.state(g, s));
            if (store != null && !context.runId().isEmpty() && g.window() != null) {
                // the fit check of a resumed run goes on from the durations measured before it stopped
                String key = "units-" + context.runId() + "-" + i;
                String earlier = resume == null ? null : stateOf(key);
                List<Duration> before = earlier == null || earlier.isBlank() ? List.of()
                        : java.util.Arrays.stream(earlier.split(",")).map(s -> Duration.ofMillis(Long.parseLong(s))).toList();
                gate.remember(before, d -> keep(key, String.join(",", d.stream()
                        .map(x -> Long.toString(x.toMillis())).toList())));
            }
            if (g.window() != null) {
                java.util.function.Function<String, String> reasons = overrides;
                gate.override(() -> reasons.apply(g.window()), (unit, closed) -> states.overridden(g, g.window(), unit,
                        closed, reasons.apply(g.window())));
            }
            units.put(g.name(), new Unit(g, i, prepared, gate, listener));
        }
        return new Prepared(units, states, resume);
    }

    /** The groups' runs, ready to go. */
    public final class Prepared {
        private final Map<String, Unit> units;
        private final States states;
        private final PlanJournal.Resume resume;
        private final Map<String, CompletableFuture<GroupResult>> results = new LinkedHashMap<>();
        private final Map<String, Instant> finishedAt = new java.util.concurrent.ConcurrentHashMap<>();

        private Prepared(Map<String, Unit> units, States states, PlanJournal.Resume resume) {
            this.units = units;
            this.states = states;
            this.resume = resume;
        }

        /** The order groups run in: stages whose groups run side by side. */
        public List<List<Group>> stages() {
            return GroupOrder.stages(plan.groups());
        }

        public Result run(ExecutorOptions options) {
            for (List<Group> stage : stages()) {
                for (Group g : stage) {
                    List<CompletableFuture<GroupResult>> deps = g.after().stream().map(a -> results.get(a.group())).toList();
                    CompletableFuture<GroupResult> f = new CompletableFuture<>();
                    results.put(g.name(), f);
                    Thread.ofVirtual().name("group-" + g.name()).start(() -> {
                        Unit unit = units.get(g.name());
                        try {
                            f.complete(runGroup(unit, deps, options));
                        } catch (InterruptedException e) {
                            RolloutResult none = skipped(unit, "interrupted");
                            f.complete(new GroupResult(g, "interrupted", "", new RolloutResult(none.hosts(),
                                    List.of(), 0, "interrupted", true)));
                        } catch (Throwable t) {
                            f.completeExceptionally(t);
                        }
                    });
                }
            }
            List<GroupResult> out = new ArrayList<>();
            for (Group g : plan.groups()) {
                out.add(join(results.get(g.name())));
            }
            if (plan.onGroupFailure().equals("rollback") && out.stream().anyMatch(r -> r.state().equals("failed"))) {
                out = rollBack(out, options);
            }
            return new Result(out, merged(out));
        }

        private GroupResult runGroup(Unit unit, List<CompletableFuture<GroupResult>> deps, ExecutorOptions options)
                throws InterruptedException {
            Group g = unit.group();
            if (!deps.isEmpty()) {
                states.state(g, "waiting for " + String.join(", ", g.after().stream().map(Group.After::group).toList()));
            }
            for (int i = 0; i < deps.size(); i++) {
                GroupResult dep = join(deps.get(i));
                if (!dep.state().equals("done")) {
                    String why = "because " + dep.group().name() + (dep.state().equals("stopped") ? " was stopped"
                            : dep.state().equals("waiting") ? " waits for its window" : " " + dep.state());
                    states.state(g, "stopped " + why);
                    unit.listener().stopped("group " + g.name() + " not started " + why);
                    return new GroupResult(g, "stopped", why, skipped(unit, "group " + g.name() + " not started " + why));
                }
            }
            soak(unit);
            RolloutResult rollout = runStrategy(unit, options);
            String state = rollout.cancelled() ? "interrupted"
                    : rollout.stopReason().startsWith("waiting for window") ? "waiting"
                    : rollout.exitCode() == 0 ? "done" : "failed";
            String detail = state.equals("done") ? "" : rollout.stopReason();
            finishedAt.put(g.name(), clock.instant());
            states.state(g, state + (detail.isEmpty() ? "" : ": " + detail));
            return new GroupResult(g, state, detail, rollout);
        }

        private RolloutResult runStrategy(Unit unit, ExecutorOptions options) {
            Group g = unit.group();
            UnitGate gate = unit.gate();
            Duration pause = g.strategy().pause();
            unit.prepared().runner().holdWith(batch -> {
                gate.finished(pause);
                return gate.admit("batch " + batch.number() + "/" + batch.of());
            });
            if (g.strategy().kind() == StrategySpec.Kind.SWITCHOVER) {
                return new Switchover(g, unit.prepared(), executor, gate, s -> states.state(g, s), sleeper, clock,
                        context.check()).run(options, unit.listener());
            }
            return unit.prepared().run(options).rollout();
        }

        /** Waits out the soak times of the groups it runs after (not again when it already started before a resume). */
        private void soak(Unit unit) throws InterruptedException {
            Group g = unit.group();
            if (resume != null && resume.group(unit.index()).batchDone(1)) {
                return;
            }
            Instant until = null;
            for (Group.After a : g.after()) {
                Instant done = finishedAt.get(a.group());
                Instant end = done == null ? null : done.plus(a.soak());
                if (end != null && !a.soak().isZero() && (until == null || end.isAfter(until))) {
                    until = end;
                }
            }
            Instant now = clock.instant();
            if (until != null && until.isAfter(now)) {
                states.state(g, "soaking until " + UnitGate.shown(until, java.time.ZoneId.systemDefault()));
                for (; until.isAfter(now); now = clock.instant()) {
                    sleeper.sleep(Duration.between(now, until)); // a sleeper may wake early: sleep on
                }
            }
        }

        /** Rolls back the groups that deployed, dependents first (reverse of the order they ran in). */
        private List<GroupResult> rollBack(List<GroupResult> in, ExecutorOptions options) {
            Map<String, GroupResult> byName = new LinkedHashMap<>();
            in.forEach(r -> byName.put(r.group().name(), r));
            String failed = in.stream().filter(r -> r.state().equals("failed")).map(r -> r.group().name())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            List<List<Group>> stages = new ArrayList<>(stages());
            java.util.Collections.reverse(stages);
            for (List<Group> stage : stages) {
                for (Group g : stage) {
                    GroupResult r = byName.get(g.name());
                    if (!r.state().equals("done")) {
                        continue;
                    }
                    Unit unit = units.get(g.name());
                    states.state(g, "rolling back because " + failed + " failed");
                    List<Host> deployed = unit.prepared().hosts().stream().filter(h -> r.rollout().hosts().stream()
                            .anyMatch(x -> x.host().equals(h.name()) && x.state() == RolloutResult.HostState.DEPLOYED))
                            .toList();
                    List<Outcome> back;
                    try {
                        back = deployed.isEmpty() ? List.of()
                                : unit.prepared().runner().rollback(options).rollback(deployed);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        back = List.of();
                    }
                    Map<String, Outcome> byHost = new LinkedHashMap<>();
                    back.forEach(o -> byHost.put(o.host(), o));
                    List<RolloutResult.HostReport> reports = r.rollout().hosts().stream().map(h -> {
                        Outcome o = byHost.get(h.host());
                        if (h.state() != RolloutResult.HostState.DEPLOYED) {
                            return h;
                        }
                        boolean ok = o != null && o.success();
                        return new RolloutResult.HostReport(h.host(), ok ? RolloutResult.HostState.ROLLED_BACK
                                : RolloutResult.HostState.ROLLBACK_FAILED, h.outcome(), h.batch(),
                                o == null ? "no rollback outcome" : o.message());
                    }).toList();
                    RolloutResult rolled = new RolloutResult(reports, r.rollout().batches(), r.rollout().plannedBatches(),
                            "rolled back because " + failed + " failed", r.rollout().cancelled());
                    boolean all = reports.stream().allMatch(h -> h.state() == RolloutResult.HostState.ROLLED_BACK);
                    String state = all ? "rolled back" : "rollback failed";
                    states.state(g, state + " because " + failed + " failed");
                    byName.put(g.name(), new GroupResult(g, state, "because " + failed + " failed", rolled));
                }
            }
            return new ArrayList<>(byName.values());
        }

        private RolloutResult skipped(Unit unit, String why) {
            List<RolloutResult.HostReport> hosts = unit.prepared().hosts().stream()
                    .map(h -> RolloutResult.HostReport.skipped(h.name(), why)).toList();
            return new RolloutResult(hosts, List.of(), 0, why, false);
        }
    }

    /** Every group's hosts in one result (for the exit code, the recap and the run store). */
    static RolloutResult merged(List<GroupResult> groups) {
        List<RolloutResult.HostReport> hosts = new ArrayList<>();
        List<RolloutResult.BatchReport> batches = new ArrayList<>();
        int planned = 0;
        String stop = "";
        boolean cancelled = false;
        for (GroupResult r : groups) {
            hosts.addAll(r.rollout().hosts());
            batches.addAll(r.rollout().batches());
            planned += r.rollout().plannedBatches();
            if (stop.isEmpty() && !r.state().equals("done")) {
                stop = "group " + r.group().name() + " " + r.describe();
            }
            cancelled |= r.rollout().cancelled();
        }
        return new RolloutResult(hosts, batches, planned, stop, cancelled);
    }

    private static GroupResult join(CompletableFuture<GroupResult> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A value kept in the run store, or null when the store keeps none. */
    private String stateOf(String key) {
        try {
            return store.state(key);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private void keep(String key, String value) {
        try {
            store.state(key, value);
        } catch (UnsupportedOperationException e) {
            // a store without state: the fit check of a resumed run starts from no measurement
        }
    }

    /** A duration as written in plans: 10m, 3h, 90s. */
    public static String soak(Duration d) {
        return Durations.format(d);
    }

    /** The hosts of a group, folded. */
    public static String hosts(Group g) {
        return g.hosts().fold() + " (" + g.hosts().size() + ")";
    }

    static HostSet names(List<Host> hosts) {
        return HostSet.of(hosts.stream().map(Host::name).toList());
    }
}
