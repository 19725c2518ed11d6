/**
 * A plan's {@code check} steps, {@code wait: {until: ...}} steps and {@code gates:}, built from
 * their validated option maps by {@link dev.muster.probe.plan.ProbePlanSteps}, the
 * {@link dev.muster.core.plan.StepFactory} muster-probe hands to the plan runner.
 */
package dev.muster.probe.plan;
