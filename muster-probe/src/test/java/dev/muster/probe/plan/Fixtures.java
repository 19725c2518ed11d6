package dev.muster.probe.plan;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.local.LocalTransport;
import dev.muster.core.plan.PlanContext;
import dev.muster.core.plan.PlanStep;
import dev.muster.core.plan.StepKind;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plan steps, contexts and runs for the tests of this package. */
final class Fixtures {
    static final String HEALTH = "http://{address}:{http_port}/health";

    private Fixtures() {
    }

    static Host host(String name, HttpTarget target) {
        return Host.of(name, target.address(), 22).withVars(Map.of("http_port", target.port()));
    }

    static PlanContext context(Path dir, boolean check) {
        return new PlanContext(Map.of(), check, false, dir, "run-1", "tester", Redactor.none());
    }

    static PlanStep check(Map<String, Object> options) {
        return new PlanStep(StepKind.CHECK, "", null, HostSet.empty(), null, List.of(),
                new PlanStep.Options(options), "deploy.yaml", 7);
    }

    static PlanStep waitUntil(Map<String, Object> until, Duration timeout) {
        return new PlanStep(StepKind.WAIT, "", null, HostSet.empty(), null, List.of(),
                new PlanStep.Wait(null, until, timeout), "deploy.yaml", 9);
    }

    static Outcome runOn(Host host, Step step) throws InterruptedException {
        return new Executor(new LocalTransport()).run(List.of(host), step,
                ExecutorOptions.defaults().withHostTimeout(Duration.ofSeconds(30)), null).outcomes().getFirst();
    }
}
