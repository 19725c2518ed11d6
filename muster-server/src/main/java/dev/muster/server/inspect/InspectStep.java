package dev.muster.server.inspect;

import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import dev.muster.probe.check.CheckReport;
import dev.muster.probe.check.CheckStep;
import dev.muster.probe.check.HealthCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an inspection's checks on one host: the on-host checks in one exec of {@link HostScript},
 * then each health check with its thresholds. Results go to {@code into}; the step itself is ok
 * unless the host could not be asked at all (so the executor's outcome says reached or not).
 */
final class InspectStep implements Step {
    /** One host's answers: a result per check in the inspection's order, and its new log cursors. */
    record HostAnswers(List<CheckResult> results, Map<String, LogCursor> cursors) {
    }

    private final Inspection inspection;
    private final Map<String, HealthCheck> health;
    private final Map<String, Map<String, LogCursor>> cursors;
    private final Map<String, HostAnswers> into;

    /**
     * @param health  built checks by check name
     * @param cursors previous log cursors by host, then path
     */
    InspectStep(Inspection inspection, Map<String, HealthCheck> health, Map<String, Map<String, LogCursor>> cursors,
                Map<String, HostAnswers> into) {
        this.inspection = inspection;
        this.health = health;
        this.cursors = cursors;
        this.into = into;
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        String host = context.host().name();
        Map<String, LogCursor> newCursors = new HashMap<>();
        HostJudge judge = null;
        if (HostScript.needed(inspection)) {
            String script = HostScript.build(inspection, cursors.getOrDefault(host, Map.of()));
            ExecResult r = context.connection().exec(ExecRequest.of(script).withTimeout(context.remaining()));
            if (!r.succeeded()) {
                return StepResult.of(r, Status.OK);
            }
            judge = new HostJudge(host, r.stdoutText(), newCursors);
        }
        List<CheckResult> results = new ArrayList<>();
        List<InspectionCheck> checks = inspection.checks();
        for (int i = 0; i < checks.size(); i++) {
            InspectionCheck check = checks.get(i);
            results.add(check instanceof InspectionCheck.Health h ? health(h, context) : judge.judge(i, check));
        }
        into.put(host, new HostAnswers(results, newCursors));
        return StepResult.ok("");
    }

    private CheckResult health(InspectionCheck.Health h, StepContext context) throws StepFailure, InterruptedException {
        AtomicReference<CheckReport> report = new AtomicReference<>();
        new CheckStep(health.get(h.name()), h.options().thresholds(), report::set).run(context);
        CheckReport r = report.get();
        Double p50 = r.latencyP50();
        String value = p50 == null ? null : Numbers.text(p50) + " ms";
        return switch (r.verdict()) {
            case PASSING -> new CheckResult(h.name(), CheckStatus.PASS, value, "");
            case CRITICAL, FLAPPING -> new CheckResult(h.name(), CheckStatus.FAIL, value,
                    r.verdict().key() + ": " + r.reason());
        };
    }

    @Override
    public String describe() {
        return "inspect " + inspection.name();
    }
}
