package dev.muster.cli.command;

import dev.muster.cli.output.InspectPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.Inspection;
import dev.muster.server.inspect.InspectionJob;
import dev.muster.server.inspect.InspectionReader;
import dev.muster.server.inspect.Inspector;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportHtml;
import dev.muster.server.inspect.ReportJson;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.WebhookAlerts;
import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Run an inspection now: health, metric thresholds, service status and log scans on every "
                + "target host, stored as a report and compared with the previous one.",
                "Example: muster inspect inspections/nightly.yaml --html report.html --webhook https://hooks.example/x"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  no check failed (warnings allowed)", "  1  some check failed or a host was unreachable",
                "  2  bad input (inspection file, selector): nothing was run",
                "  3  the run itself broke (store unreachable)"})
final class InspectCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "INSPECTION.yaml", description = "The inspection file.")
    Path file;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the SQLite store (the one "
            + "'muster serve --data' uses). Default: the run store directory (--store, $MUSTER_HOME, ~/.muster).")
    Path data;

    @Option(names = "--store-url", paramLabel = "URL",
            description = "PostgreSQL store shared with 'muster serve', postgresql://user@host:port/db.")
    String storeUrl;

    @picocli.CommandLine.Mixin
    StorePassword storePassword;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page.")
    Path html;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST new failures (not ones already failing last time) as JSON to this URL, with retries.")
    URI webhook;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        Inspection inspection = InspectionReader.read(file);
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(options, term);
             Store store = Store.open(Database.of(storeUrl, data != null ? data : options.storeDir(),
                     dev.muster.server.store.PoolSettings.DEFAULTS, storePassword.file), clock)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(inspection.targets());
            ExecutorOptions eo = options.executorOptions(null);
            Inspector inspector = new Inspector(new LazyTransport(ws), new ReportStore(store, clock), clock, eo);
            WebhookAlerts alerts = webhook == null ? null : WebhookAlerts.of(webhook, ws.redactor());
            String link = html != null ? html.toAbsolutePath().toUri().toString() : null;
            InspectionJob.Result result = new InspectionJob(inspector, alerts,
                    r -> link != null ? link : "muster report " + r.id()).run(inspection, hosts, ws.redactor(), null);
            Report report = result.report();
            if (html != null) {
                write(html, ReportHtml.render(report));
            }
            if (options.json) {
                term.out().println(ReportJson.write(report, false));
            } else {
                new InspectPrinter(term).print(report, html);
            }
            if (result.alert() == WebhookAlerts.Delivery.GAVE_UP) {
                term.err().println("muster: could not deliver the alert to the webhook; the report is stored");
            }
            term.out().flush();
            return report.status() == CheckStatus.FAIL ? ExitCodes.HOSTS_FAILED : ExitCodes.OK;
        }
    }

    private static void write(Path to, String text) throws IOException {
        Path parent = to.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(to, text);
    }
}
