package dev.muster.cli;

import dev.muster.core.exec.Executor;
import dev.muster.core.plan.StepFactory;
import java.util.List;

/** The step factories a plan run gets from the CLI: files (push, template, release) and probe (checks, gates). */
final class PlanFactories {
    private PlanFactories() {
    }

    static List<StepFactory> of(Executor executor) {
        return List.of();
    }
}
