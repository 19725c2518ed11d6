package dev.muster.probe.check;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.Step;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.StepResult;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A health check as an engine {@link Step}: probes one host until its thresholds decide (or for
 * the whole window), then reports ok when it is passing and failed (command-failed, not
 * retryable) when it is critical or flapping. Each host's {@link CheckReport} also goes to
 * {@code reports}, for output that needs more than ok/failed. A deploy gate can run it as is.
 */
public final class CheckStep implements Step {
    private final HealthCheck check;
    private final Thresholds thresholds;
    private final Consumer<CheckReport> reports;

    public CheckStep(HealthCheck check, Thresholds thresholds, Consumer<CheckReport> reports) {
        this.check = Objects.requireNonNull(check, "check");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.reports = reports == null ? r -> { } : reports;
    }

    public CheckStep(HealthCheck check, Thresholds thresholds) {
        this(check, thresholds, null);
    }

    @Override
    public StepResult run(StepContext context) throws StepFailure, InterruptedException {
        Series series = new Series(thresholds);
        while (true) {
            series.add(check.probe(context));
            if (series.done()) {
                break;
            }
            Thread.sleep(thresholds.interval());
        }
        CheckReport report = series.report(context.host().name());
        reports.accept(report);
        if (report.verdict() == Verdict.PASSING) {
            return StepResult.ok("passing");
        }
        String message = report.verdict().key() + ": " + report.reason();
        return new StepResult(Status.FAILED, FailureKind.COMMAND_FAILED, null, null, "", "", message);
    }

    @Override
    public String describe() {
        return "check " + check.describe();
    }
}
