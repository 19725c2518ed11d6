package dev.muster.core.plan;

import dev.muster.core.exec.Step;
import dev.muster.core.strategy.Gate;

/**
 * Builds the plan steps whose work lives outside core: push, template and release (muster-files),
 * check, {@code wait: {until: ...}} and gates (muster-probe). The CLI and the server hand the same
 * factories to {@link PlanRunner}, so a plan runs the same way from both.
 *
 * <p>Every method is called once per run, before anything runs; a problem with the step's input
 * (a missing local file, a checksum that does not match, a template that does not parse) is thrown
 * as {@link dev.muster.core.InputException} naming {@code step.source()} and {@code step.line()}.
 * Options arrive validated against the kind's {@link OptionSchema}, with {@code {{ var }}}
 * references to plan variables already replaced.
 */
public interface StepFactory {

    /** Whether this factory builds {@code step}. */
    boolean builds(PlanStep step);

    /**
     * The step to run on each host. In {@link PlanContext#check() check} mode it must change
     * nothing and report what it would change (status CHANGED when it would).
     */
    Step step(PlanStep step, PlanContext context);

    /** The step that undoes {@code step} on a host where it succeeded, or null when it cannot be undone. */
    default Step undo(PlanStep step, PlanContext context) {
        return null;
    }

    /** Whether this factory builds gates (health checks run after each batch). */
    default boolean buildsGates() {
        return false;
    }

    /** The gate for {@code spec}; only called when {@link #buildsGates()}. */
    default Gate gate(Plan.GateSpec spec, PlanContext context) {
        throw new UnsupportedOperationException("this factory builds no gates");
    }
}
