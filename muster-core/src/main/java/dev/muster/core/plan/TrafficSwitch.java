package dev.muster.core.plan;

import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.strategy.Batch;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Moves traffic to a colour (blue_green): the plan's switch steps as a plan of their own, on their
 * own hosts, in one batch, with {@code colour}, {@code previous_colour} and {@code colour_hosts}
 * (the addresses of the colour's hosts) among the variables. Not journaled: a resumed run switches
 * again.
 *
 * @param plan    the switch steps as a plan
 * @param context the plan's context with the colour variables
 * @param hosts   the hosts the switch steps run on
 */
record TrafficSwitch(Plan plan, PlanContext context, List<Host> hosts) {

    static TrafficSwitch to(String colour, String previous, List<Host> colourHosts, Plan plan, PlanContext context,
                            Function<HostSet, List<Host>> resolve) {
        Map<String, Object> vars = new LinkedHashMap<>(context.vars());
        vars.put("colour", colour);
        vars.put("previous_colour", previous == null ? "" : previous);
        vars.put("colour_hosts", colourHosts.stream().map(Host::address).toList());
        PlanContext switchContext = new PlanContext(vars, context.check(), context.diff(), context.planDir(),
                context.runId(), context.user(), context.redactor());
        Plan switchPlan = new Plan(plan.name(), plan.source(), plan.targets(), plan.hosts(), plan.environment(),
                plan.vars(), plan.switchSteps(), plan.strategy(), List.of(), plan.handlers(), List.of(), List.of(),
                plan.resumeAuto());
        Set<String> names = new LinkedHashSet<>();
        plan.switchSteps().forEach(s -> names.addAll(s.hostSet().names()));
        return new TrafficSwitch(switchPlan, switchContext, resolve.apply(HostSet.of(List.copyOf(names))));
    }

    /** The one batch the switch runs as. */
    Batch batch() {
        return new Batch(1, 1, hosts);
    }
}
