package dev.muster.probe.plan;

import dev.muster.core.InputException;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.Transport;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepFactory;
import dev.muster.core.plan.StepKind;
import dev.muster.core.strategy.Gate;
import dev.muster.probe.check.CheckOptions;
import dev.muster.probe.check.HealthCheck;
import dev.muster.probe.check.Watch;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds a plan's health checks: {@code check} steps (probe until the thresholds decide, like
 * `muster check`), {@code wait: {until: CHECK, timeout: T}} steps (probe every interval until the
 * check passes on the host, failing after T), and gates (after each batch, every deployed host
 * must pass within the gate's timeout). Plain {@code wait: 30s} is core's.
 *
 * <p>Steps run through the Executor, which gives them their connections. A gate runs outside
 * it, so checks a gate runs on the hosts ({@code cmd}, {@code from: host}) lease connections
 * from the {@link Transport} given here; checks from the controller (HTTP, TCP) never use it.
 * Close the factory after the run: checks may hold HTTP clients.
 */
public final class ProbePlanSteps implements StepFactory, AutoCloseable {
    /** Hosts a gate probes at once. */
    public static final int DEFAULT_GATE_FAN_OUT = 50;

    private final Transport transport;
    private final int gateFanOut;
    private final List<HealthCheck> built = new CopyOnWriteArrayList<>();

    /**
     * @param transport  for checks a gate runs on hosts; not closed by this factory
     * @param gateFanOut hosts a gate probes at once (at least 1)
     */
    public ProbePlanSteps(Transport transport, int gateFanOut) {
        this.transport = Objects.requireNonNull(transport, "transport");
        if (gateFanOut < 1) {
            throw new IllegalArgumentException("gate fan-out must be at least 1");
        }
        this.gateFanOut = gateFanOut;
    }

    /** With {@link #DEFAULT_GATE_FAN_OUT}. */
    public ProbePlanSteps(Transport transport) {
        this(transport, DEFAULT_GATE_FAN_OUT);
    }

    @Override
    public boolean builds(PlanStep step) {
        return step.kind() == StepKind.CHECK
                || (step.kind() == StepKind.WAIT && step.body() instanceof PlanStep.Wait w && w.until() != null);
    }

    @Override
    public Step step(PlanStep step, PlanContext context) {
        String source = step.source();
        return switch (step.body()) {
            case PlanStep.Options o when step.kind() == StepKind.CHECK -> {
                CheckOptions options = read(o.options(), context, source, step.line(), true);
                yield new CheckPlanStep(check(options, source, step.line()), options.thresholds());
            }
            case PlanStep.Wait w when w.until() != null -> {
                CheckOptions options = read(w.until(), context, source, step.line(), false);
                yield new WaitUntilStep(Watch.of(check(options, source, step.line()), options), w.timeout());
            }
            default -> throw new IllegalArgumentException("not a check or wait-until step: " + step.describe());
        };
    }

    @Override
    public boolean buildsGates() {
        return true;
    }

    @Override
    public Gate gate(Plan.GateSpec spec, PlanContext context) {
        String source = "gate" + (spec.name().isEmpty() ? "" : " '" + spec.name() + "'");
        CheckOptions options = read(spec.check(), context, source, spec.line(), false);
        Watch watch = Watch.of(check(options, source, spec.line()), options);
        return new CheckGate(spec.name(), watch, spec.timeout(), transport, gateFanOut);
    }

    /** Reads the options; {@code window} tells whether {@code for} means anything here (check steps only). */
    private static CheckOptions read(Map<String, Object> map, PlanContext context, String source, int line,
                                     boolean window) {
        if (!window && map.containsKey("for")) {
            throw new InputException(source, line, 0, "'for' is for check steps only: a gate or wait probes "
                    + "until the check passes or its timeout runs out");
        }
        try {
            CheckOptions options = CheckOptions.of(map, context.planDir());
            options.thresholds();   // checks the counts and durations
            return options;
        } catch (InputException e) {
            throw new InputException(source, line, 0, "check: " + e.getMessage(), e);
        }
    }

    private HealthCheck check(CheckOptions options, String source, int line) {
        try {
            HealthCheck check = options.check();
            built.add(check);
            return check;
        } catch (InputException e) {
            throw new InputException(source, line, 0, "check: " + e.getMessage(), e);
        }
    }

    /** Closes the HTTP clients of the checks built so far. */
    @Override
    public void close() {
        for (HealthCheck check : built) {
            if (check instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing an HTTP client; nothing to report
                }
            }
        }
        built.clear();
    }
}
