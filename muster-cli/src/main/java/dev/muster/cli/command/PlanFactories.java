package dev.muster.cli.command;

import dev.muster.core.exec.Transport;
import dev.muster.core.plan.StepFactory;
import dev.muster.files.plan.FilesPlanSteps;
import dev.muster.probe.plan.ProbePlanSteps;
import java.util.List;

/** The step factories a plan run gets from the CLI: files (push, template, release) and probe (checks, waits, gates). */
final class PlanFactories {
    private PlanFactories() {
    }

    static List<StepFactory> of(Transport transport) {
        return List.of(new FilesPlanSteps(), new ProbePlanSteps(transport));
    }
}
