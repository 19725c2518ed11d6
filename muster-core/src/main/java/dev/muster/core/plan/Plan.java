package dev.muster.core.plan;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.StrategySpec;
import java.util.List;
import java.util.Map;

/**
 * A validated plan file: what runs where and how. Built only by {@link PlanReader}, which checks
 * everything (keys, types, selectors against the inventory, includes) before anything can run.
 *
 * @param name        the plan's name
 * @param source      the file it was read from
 * @param targets     the selector text of {@code targets}
 * @param hosts       the hosts it targets: {@code targets}, and only hosts of {@code environment} when set
 * @param environment the environment it deploys to, or null
 * @param vars        plan variables (lower precedence than {@code -e}, higher than the inventory's)
 * @param steps       the steps, includes expanded in place
 * @param strategy    how hosts are worked through (default: all at once)
 * @param gates       checks after each batch
 * @param handlers    steps run once per host when a step that notifies them changed something
 * @param rollback    steps that undo a deploy on hosts whose gate failed
 * @param switchSteps blue_green only: steps that move traffic to a colour (on hosts of their own,
 *                    e.g. the balancers), with {@code {{ colour }}} and {@code {{ colour_hosts }}} set
 * @param resumeAuto  {@code resume: auto}: on a server, a run whose controller died is continued by
 *                    another controller by itself (from its journal) instead of waiting for a person
 * @param groups      {@code groups:} in the order written (empty for a plan without groups)
 * @param windows     maintenance windows by name
 * @param onGroupFailure {@code stop} (default: a failed group stops its dependents) or {@code rollback}
 *                    (then every group that deployed is rolled back too, dependents first)
 */
public record Plan(String name, String source, String targets, HostSet hosts, String environment,
                   Map<String, Object> vars, List<PlanStep> steps, StrategySpec strategy, List<GateSpec> gates,
                   Map<String, PlanStep> handlers, List<PlanStep> rollback,
                   List<PlanStep> switchSteps, boolean resumeAuto, List<Group> groups,
                   Map<String, dev.muster.core.window.Window> windows, String onGroupFailure) {

    public Plan(String name, String source, String targets, HostSet hosts, String environment,
                Map<String, Object> vars, List<PlanStep> steps, StrategySpec strategy, List<GateSpec> gates,
                Map<String, PlanStep> handlers, List<PlanStep> rollback, List<PlanStep> switchSteps,
                boolean resumeAuto) {
        this(name, source, targets, hosts, environment, vars, steps, strategy, gates, handlers, rollback, switchSteps,
                resumeAuto, List.of(), Map.of(), "stop");
    }

    public Plan {
        groups = List.copyOf(groups);
        windows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(windows));
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        steps = List.copyOf(steps);
        gates = List.copyOf(gates);
        handlers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(handlers));
        rollback = List.copyOf(rollback);
        switchSteps = List.copyOf(switchSteps);
    }

    /** This plan with other steps (and no rollback), e.g. a switch built by `muster rollback`. */
    public Plan withSteps(List<PlanStep> steps) {
        return new Plan(name, source, targets, hosts, environment, vars, steps, strategy, gates, handlers, List.of(),
                switchSteps, resumeAuto, groups, windows, onGroupFailure);
    }

    /** The plan one group runs: the plan's steps, handlers and rollback on the group's hosts, strategy and gates. */
    public Plan forGroup(Group group) {
        return new Plan(name, source, group.targets(), group.hosts(), environment, vars, steps, group.strategy(),
                group.gates(), handlers, rollback, List.of(), resumeAuto);
    }

    /** The first release step, whose {@code base} `muster rollback` and `muster releases` work in, if any. */
    public java.util.Optional<PlanStep> releaseStep() {
        return steps.stream().filter(s -> s.kind() == StepKind.RELEASE).findFirst();
    }

    /**
     * A check run after every batch.
     *
     * @param name    the gate's name, or empty
     * @param check   check options (see {@link OptionSchema#CHECK})
     * @param timeout how long the gate may take to pass before it fails
     * @param line    1-based line in the plan
     */
    public record GateSpec(String name, Map<String, Object> check, java.time.Duration timeout, int line) {
        public GateSpec {
            check = Map.copyOf(check);
        }
    }
}
