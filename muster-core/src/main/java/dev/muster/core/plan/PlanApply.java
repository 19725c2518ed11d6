package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.Selector;
import dev.muster.core.store.RunStore;
import dev.muster.core.strategy.Gate;
import dev.muster.core.strategy.Rollout;
import dev.muster.core.strategy.RolloutListener;
import dev.muster.core.strategy.RolloutResult;
import dev.muster.core.strategy.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a plan: the one place that puts a plan's steps, strategy, gates, rollback and (for
 * blue_green) traffic switch together, for the CLI and the server alike.
 *
 * <p>blue_green: the colour that is not live is deployed as one batch and gated; when every host of
 * it passed, the plan's {@code switch} steps move traffic to it and it becomes the live colour
 * (kept in the run store under {@code bluegreen/<plan name>}; blue is live before the first apply).
 * The old colour is left as it was, so {@link #switchBack} moves traffic back at once. When the
 * switch itself fails, traffic is switched back to the old colour.
 */
public final class PlanApply {
    private final Plan plan;
    private final Inventory inventory;
    private final Executor executor;
    private final PlanContext context;
    private final List<StepFactory> factories;
    private final RunStore store;
    private java.util.function.UnaryOperator<List<Host>> overrides = java.util.function.UnaryOperator.identity();

    /**
     * @param store the run store (journal, approvals, blue-green state); null to keep nothing
     */
    public PlanApply(Plan plan, Inventory inventory, Executor executor, PlanContext context,
                     List<StepFactory> factories, RunStore store) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.inventory = inventory;
        this.executor = executor;
        this.context = context;
        this.factories = List.copyOf(factories);
        this.store = store;
    }

    /**
     * What an apply did.
     *
     * @param rollout    where every host ended up
     * @param colour     blue_green: the colour deployed, else null
     * @param switched   blue_green: the switch's outcomes (null when it did not run)
     * @param liveColour blue_green: the live colour afterwards, else null
     */
    public record Result(RolloutResult rollout, String colour, RunResult switched, String liveColour) {
        /** 0 when every host deployed (and traffic moved, for blue_green), 130 interrupted, else 1. */
        public int exitCode() {
            int code = rollout.exitCode();
            if (code == 0 && switched != null && !switched.outcomes().stream().allMatch(o -> o.success())) {
                return 1;
            }
            return code;
        }
    }

    /** Applies command-line overrides (user, port...) to hosts found through the inventory (switch hosts). */
    public PlanApply withOverrides(java.util.function.UnaryOperator<List<Host>> overrides) {
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        return this;
    }

    /** The hosts a run of this plan works on (for blue_green: the idle colour's). */
    public List<Host> hosts(List<Host> planHosts) {
        if (plan.strategy().kind() != StrategySpec.Kind.BLUE_GREEN) {
            return planHosts;
        }
        HostSet colour = colourHosts(idleColour());
        return planHosts.stream().filter(h -> colour.contains(h.name())).toList();
    }

    /** blue_green: the live colour, "blue" before the first switch. */
    public String liveColour() {
        String live = store == null ? null : store.state(stateKey());
        return live == null ? "blue" : live;
    }

    public String idleColour() {
        return liveColour().equals("blue") ? "green" : "blue";
    }

    /**
     * Builds everything a run of the plan over {@code planHosts} needs (steps, gates, rollback), so
     * bad input is reported before anything runs or is recorded; {@link Prepared#run} then runs it.
     *
     * @param journal where progress goes ({@link PlanJournal#NONE} for nowhere)
     * @param resume  an earlier attempt to continue, or null
     */
    public <L extends RunListener & RolloutListener> Prepared prepare(List<Host> planHosts, L listener,
                                                                     PlanJournal journal, PlanJournal.Resume resume,
                                                                     Rollout.Pauser pauser) {
        List<Host> hosts = hosts(planHosts);
        PlanRunner runner = new PlanRunner(plan, hosts, executor, listener, context, factories, journal, resume,
                pauser::pause);
        List<Gate> gates = context.check() ? List.of() : gates();
        return new Prepared(hosts, runner, gates, listener, pauser);
    }

    /** A plan run ready to go. */
    public final class Prepared {
        private final List<Host> hosts;
        private final PlanRunner runner;
        private final List<Gate> gates;
        private final RolloutListener listener;
        private final Rollout.Pauser pauser;

        private Prepared(List<Host> hosts, PlanRunner runner, List<Gate> gates, RolloutListener listener,
                         Rollout.Pauser pauser) {
            this.hosts = hosts;
            this.runner = runner;
            this.gates = gates;
            this.listener = listener;
            this.pauser = pauser;
        }

        /** The hosts it works on (for blue_green: the idle colour's). */
        public List<Host> hosts() {
            return hosts;
        }

        PlanRunner runner() {
            return runner;
        }

        List<Gate> gates() {
            return gates;
        }

        public Result run(ExecutorOptions options) {
            RolloutResult rollout = new Rollout(runner, pauser).run(hosts, plan.strategy(), options, gates,
                    runner.rollback(options), listener);
            if (plan.strategy().kind() != StrategySpec.Kind.BLUE_GREEN) {
                return new Result(rollout, null, null, null);
            }
            String live = liveColour();
            String idle = idleColour();
            if (rollout.exitCode() != 0 || context.check()) {
                return new Result(rollout, idle, null, live);
            }
            try {
                RunResult switched = runner.switchTraffic(idle, live, hosts, PlanApply.this::resolve, factories, options);
                if (switched.outcomes().stream().allMatch(o -> o.success())) {
                    if (store != null) {
                        store.state(stateKey(), idle);
                    }
                    return new Result(rollout, idle, switched, idle);
                }
                listener.stopped("switching traffic to " + idle + " failed: switching back to " + live);
                runner.switchTraffic(live, idle, resolve(colourHosts(live)), PlanApply.this::resolve, factories, options);
                return new Result(rollout, idle, switched, live);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(rollout, idle, null, live);
            }
        }
    }

    /** {@link #prepare} then {@link Prepared#run}. */
    public <L extends RunListener & RolloutListener> Result apply(List<Host> planHosts, ExecutorOptions options,
                                                                 L listener, PlanJournal journal,
                                                                 PlanJournal.Resume resume, Rollout.Pauser pauser) {
        return prepare(planHosts, listener, journal, resume, pauser).run(options);
    }

    /** blue_green: moves traffic back to the colour that is not live (the one live before the last switch). */
    public <L extends RunListener & RolloutListener> Result switchBack(ExecutorOptions options, L listener)
            throws InterruptedException {
        if (plan.strategy().kind() != StrategySpec.Kind.BLUE_GREEN) {
            throw InputException.in(plan.source(), "switching back needs a blue_green plan, not "
                    + plan.strategy().kind().key());
        }
        String live = liveColour();
        String back = idleColour();
        List<Host> hosts = resolve(colourHosts(back));
        PlanRunner runner = new PlanRunner(plan.withSteps(List.of()), hosts, executor, listener, context, factories);
        RunResult switched = runner.switchTraffic(back, live, hosts, this::resolve, factories, options);
        boolean ok = switched.outcomes().stream().allMatch(o -> o.success());
        if (ok && store != null && !context.check()) {
            store.state(stateKey(), back);
        }
        RolloutResult none = new RolloutResult(List.of(), List.of(), 0, "", false);
        return new Result(none, back, switched, ok ? back : live);
    }

    private List<Gate> gates() {
        List<Gate> out = new ArrayList<>();
        List<InputException> problems = new ArrayList<>();
        for (Plan.GateSpec spec : plan.gates()) {
            StepFactory f = factories.stream().filter(StepFactory::buildsGates).findFirst().orElse(null);
            if (f == null) {
                problems.add(new InputException(plan.source(), spec.line(), 0, "gates cannot run here: no module "
                        + "that builds health checks is loaded"));
                continue;
            }
            try {
                Plan.GateSpec expanded = new Plan.GateSpec(spec.name(), PlanVars.expandOptions(spec.check(),
                        context.vars(), gateStep(spec)), spec.timeout(), spec.line());
                out.add(f.gate(expanded, context));
            } catch (InputException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? problems.getFirst() : new InputException(problems);
        }
        return out;
    }

    /** A stand-in step so an undefined variable in a gate is reported at the gate's line. */
    private PlanStep gateStep(Plan.GateSpec spec) {
        return new PlanStep(StepKind.CHECK, spec.name().isEmpty() ? "gate" : spec.name(), null, HostSet.empty(), null,
                List.of(), new PlanStep.Options(spec.check()), plan.source(), spec.line());
    }

    private HostSet colourHosts(String colour) {
        StrategySpec.BlueGreen bg = plan.strategy().blueGreen();
        String selector = colour.equals("blue") ? bg.blue() : bg.green();
        return Selector.parse(selector).evaluate(inventory);
    }

    private List<Host> resolve(HostSet set) {
        return overrides.apply(inventory.hosts(set));
    }

    private String stateKey() {
        return "bluegreen-" + plan.name();
    }
}
