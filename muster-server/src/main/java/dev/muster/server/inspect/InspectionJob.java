package dev.muster.server.inspect;

import dev.muster.core.Redactor;
import dev.muster.core.exec.RunListener;
import dev.muster.core.inventory.Host;
import java.util.List;
import java.util.function.Function;

/**
 * What `muster inspect` and the server's scheduled inspections both run: inspect (and store the
 * report), then alert the webhook, if there is one, about new failures with the report's link.
 */
public final class InspectionJob {
    /** The stored report, and what became of its alert ({@code null} when no webhook is set). */
    public record Result(Report report, WebhookAlerts.Delivery alert) {
    }

    private final Inspector inspector;
    private final WebhookAlerts alerts;
    private final Function<Report, String> link;

    /**
     * @param alerts null for no webhook
     * @param link   where a report can be read, for the alert (a dashboard URL, a file)
     */
    public InspectionJob(Inspector inspector, WebhookAlerts alerts, Function<Report, String> link) {
        this.inspector = inspector;
        this.alerts = alerts;
        this.link = link;
    }

    public Result run(Inspection inspection, List<Host> hosts, Redactor redactor, RunListener listener)
            throws InterruptedException {
        Report report = inspector.inspect(inspection, hosts, redactor, listener);
        WebhookAlerts.Delivery delivery = alerts == null ? null : alerts.alert(report, link.apply(report));
        return new Result(report, delivery);
    }
}
