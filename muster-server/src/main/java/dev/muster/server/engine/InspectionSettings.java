package dev.muster.server.engine;

import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.WebhookAlerts;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the engine bridge runs inspections: where reports go, the webhook alerted about new
 * failures and about dead letters (null for none), and the links an alert carries for a report id
 * and a run id.
 */
public record InspectionSettings(ReportStore reports, WebhookAlerts alerts, Function<String, String> link,
                                 Clock clock, Function<String, String> runLink) {
    public InspectionSettings {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(clock, "clock");
        runLink = runLink == null ? id -> null : runLink;
    }

    /** Without links to runs (a dead-letter alert then carries a null run_url). */
    public InspectionSettings(ReportStore reports, WebhookAlerts alerts, Function<String, String> link, Clock clock) {
        this(reports, alerts, link, clock, null);
    }
}
