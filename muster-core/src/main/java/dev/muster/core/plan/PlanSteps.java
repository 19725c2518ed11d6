package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.secret.UsesVariables;
import dev.muster.core.step.CommandStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A plan's steps, handlers, undos and rollback steps, all built before anything runs, so bad input
 * is found first (undefined variables, missing scripts, a step kind no factory builds, a checksum
 * that does not match): every problem is reported at once.
 */
final class PlanSteps {
    private final PlanContext context;
    private final Function<Host, Map<String, Object>> scope;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Step> handlers = new LinkedHashMap<>();
    /** Index of each step that can be undone, with its undo, in plan order. */
    private final Map<Integer, Step> undos = new LinkedHashMap<>();
    private final List<Step> rollback = new ArrayList<>();
    /** Variables the plan's commands and templates name: their secrets are resolved before it runs. */
    private final Set<String> needed = new HashSet<>();

    /** @param scope the variables a command on a host sees when it runs (what earlier steps registered included) */
    PlanSteps(Plan plan, List<Host> hosts, PlanContext context, Function<Host, Map<String, Object>> scope,
              List<StepFactory> factories) {
        this.context = context;
        this.scope = scope;
        List<InputException> problems = new ArrayList<>();
        Set<String> registers = new LinkedHashSet<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            PlanStep step = plan.steps().get(i);
            steps.add(build(step, hosts, registers, factories, problems));
            if (step.register() != null) {
                registers.add(step.register());
            }
            Step undo = undo(step, factories);
            if (undo != null) {
                undos.put(i, undo);
            }
        }
        plan.handlers().forEach((name, step) -> handlers.put(name, build(step, hosts, registers, factories, problems)));
        for (PlanStep step : plan.rollback()) {
            rollback.add(build(step, hosts, registers, factories, problems));
        }
        if (!problems.isEmpty()) {
            throw problems.size() == 1 ? problems.getFirst() : new InputException(problems);
        }
    }

    /** Step {@code index} of the plan, built; null for one that runs no step on hosts (a wait, an approval). */
    Step step(int index) {
        return steps.get(index);
    }

    Map<String, Step> handlers() {
        return handlers;
    }

    Map<Integer, Step> undos() {
        return undos;
    }

    List<Step> rollback() {
        return rollback;
    }

    Set<String> needed() {
        return needed;
    }

    private Step build(PlanStep step, List<Host> hosts, Set<String> registers, List<StepFactory> factories,
                       List<InputException> problems) {
        Step built = buildStep(step, hosts, registers, factories, problems);
        if (built instanceof UsesVariables uses) {
            needed.addAll(uses.variableNames());
        }
        return built;
    }

    private Step buildStep(PlanStep step, List<Host> hosts, Set<String> registers, List<StepFactory> factories,
                           List<InputException> problems) {
        try {
            return switch (step.body()) {
                case PlanStep.Run r -> {
                    checkCommand(step, r.command(), hosts, registers, problems);
                    yield new CommandPlanStep(h -> CommandStep.command(PlanVars.command(r.command(), scope.apply(h),
                            step), r.sudo()), r.changedWhen(), r.creates(), step.describe());
                }
                case PlanStep.Script s -> {
                    byte[] content = script(step, s);
                    s.args().forEach(a -> checkCommand(step, a, hosts, registers, problems));
                    yield new CommandPlanStep(h -> CommandStep.script(s.path(), content,
                            s.args().stream().map(a -> PlanVars.expand(a, scope.apply(h), step)).toList(), s.sudo()),
                            s.changedWhen(), s.creates(), step.describe());
                }
                case PlanStep.Wait w when w.until() == null -> null;
                case PlanStep.Approve a -> null;
                case PlanStep.Built b -> b.step();
                default -> factory(step, factories).step(expanded(step), context);
            };
        } catch (InputException e) {
            problems.add(e);
            return null;
        }
    }

    private Step undo(PlanStep step, List<StepFactory> factories) {
        if (!(step.body() instanceof PlanStep.Options)) {
            return null;
        }
        try {
            return factory(step, factories).undo(expanded(step), context);
        } catch (InputException e) {
            return null; // already reported when the step was built
        }
    }

    private static StepFactory factory(PlanStep step, List<StepFactory> factories) {
        return factories.stream().filter(f -> f.builds(step)).findFirst().orElseThrow(() -> new InputException(
                step.source(), step.line(), 0, step.kind().key() + " steps cannot run here: no module that builds them "
                + "is loaded"));
    }

    /** The step with plan variables put into its options. */
    private PlanStep expanded(PlanStep step) {
        PlanStep.Body body = switch (step.body()) {
            case PlanStep.Options o -> new PlanStep.Options(PlanVars.expandOptions(o.options(), context.vars(), step));
            case PlanStep.Wait w when w.until() != null ->
                    new PlanStep.Wait(w.duration(), PlanVars.expandOptions(w.until(), context.vars(), step), w.timeout());
            default -> step.body();
        };
        return new PlanStep(step.kind(), step.name(), step.hosts(), step.hostSet(), step.register(), step.notifies(),
                body, step.source(), step.line());
    }

    /**
     * Every reference in a run command (or script argument) must resolve on each of the step's
     * hosts, fields included ({@code host.labels.role} is not a field of host); registered names
     * stand for what they will hold. A {@code {name}} written as in check URLs is refused with the
     * spelling run commands take.
     */
    private void checkCommand(PlanStep step, String text, List<Host> hosts, Set<String> registers,
                              List<InputException> problems) {
        PlanVars.refs(text).forEach(ref -> needed.add(ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref));
        Map<String, Object> registeredShape = new LinkedHashMap<>();
        registers.forEach(r -> registeredShape.put(r, Map.of("stdout", "", "stderr", "", "exit_code", 0,
                "changed", false)));
        for (Host h : hosts) {
            if (!step.hostSet().contains(h.name())) {
                continue;
            }
            Map<String, Object> hostScope = PlanVars.hostScope(h, Map.of(), registeredShape, context.vars());
            int before = problems.size();
            PlanVars.checkDefined(text, hostScope, step, problems);
            PlanVars.checkSingleBraces(text, hostScope, step, problems);
            if (problems.size() > before) {
                return; // one host is enough to say it
            }
        }
    }

    private static byte[] script(PlanStep step, PlanStep.Script s) {
        Path file = Path.of(step.source()).toAbsolutePath().getParent().resolve(s.path());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(step.source(),
                    step.line(), 0, "cannot read script " + file + ": " + e.getMessage());
        }
    }
}
