package dev.muster.server.engine;

import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.WebhookAlerts;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the engine bridge runs inspections: where reports go, the webhook alerted about new
 * failures (null for none), and the link an alert carries for a report id.
 */
public record InspectionSettings(ReportStore reports, WebhookAlerts alerts, Function<String, String> link,
                                 Clock clock) {
    public InspectionSettings {
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(clock, "clock");
    }
}
