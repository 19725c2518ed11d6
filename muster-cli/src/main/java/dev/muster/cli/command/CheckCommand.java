package dev.muster.cli.command;

import dev.muster.cli.output.CheckPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.probe.check.CheckReport;
import dev.muster.probe.check.CheckOptions;
import dev.muster.probe.check.CheckStep;
import dev.muster.probe.check.Checks;
import dev.muster.probe.check.HealthCheck;
import dev.muster.probe.check.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Health-check every selected host: HTTP(S), TCP or a command, with thresholds.",
                "Example: muster check @web --http 'http://{address}:8080/health' --expect 200"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every host passing", "  1  some host critical, flapping or unreachable",
                "  2  bad input (URL template, unknown field, status spec...): nothing was probed"})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg target;

    @Option(names = "--http", paramLabel = "URL", description = "HTTP(S) URL template: {name}, {address}, {port} "
            + "(SSH port), {env}, {label.KEY}, or any host variable, e.g. 'http://{address}:{http_port}/health'.")
    String http;

    @Option(names = "--tcp", paramLabel = "PORT|HOST:PORT",
            description = "TCP connect; a bare port means {address}:PORT from the controller, 127.0.0.1:PORT from the host.")
    String tcp;

    @Option(names = "--cmd", paramLabel = "CMD", description = "Command run on the host over SSH; passes on exit 0.")
    String cmd;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "HTTP method. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--expect", paramLabel = "STATUSES", defaultValue = "2xx",
            description = "Passing HTTP statuses: 200, 200,204, 2xx, 200-299. Default: ${DEFAULT-VALUE}.")
    String expect;

    @Option(names = "--body-matches", paramLabel = "REGEX", description = "The body must contain a match.")
    String bodyMatches;

    @Option(names = "--header", paramLabel = "NAME:REGEX", description = "A response header must match (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--from", paramLabel = "controller|host", defaultValue = "controller",
            description = "Where HTTP/TCP probes run: this machine, or each host over SSH (curl, wget or bash "
                    + "/dev/tcp, whichever it has). Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--insecure", description = "Do not verify TLS certificates or host names (a warning is printed).")
    boolean insecure;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM file of CA certificates to trust for HTTPS "
            + "(with --from host: a path on the host).")
    Path ca;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Limit for one probe. Default: ${DEFAULT-VALUE}.")
    Duration probeTimeout;

    @Option(names = "--passing-after", paramLabel = "N", defaultValue = "1",
            description = "Passing after N passing probes in a row. Default: ${DEFAULT-VALUE}.")
    int passingAfter;

    @Option(names = "--critical-after", paramLabel = "N", defaultValue = "1",
            description = "Critical after N failing probes in a row. Default: ${DEFAULT-VALUE}.")
    int criticalAfter;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between probes of a host. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep probing this long and judge the series: a host that changes state more than "
                    + "once is flapping.")
    Duration window;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        CheckOptions checkOptions = checkOptions();
        Thresholds thresholds = checkOptions.thresholds();
        HealthCheck check = checkOptions.check();
        try (Workspace ws = new Workspace(options, term)) {
            if (cmd != null || checkOptions.from() == Checks.From.HOST) {
                ws.prepareTransport();
            }
            List<Host> hosts = ws.select(target.selector);
            hosts.forEach(check::validate);
            if (insecure) {
                term.err().println(term.paint(Terminal.Style.RED, "WARNING: --insecure: TLS certificates and host "
                        + "names are NOT verified; a passing check proves nothing about who answered."));
                term.err().flush();
            }
            Map<String, CheckReport> reports = new ConcurrentHashMap<>();
            ExecutorOptions eo = options.executorOptions();
            Executor.RunHandle handle = new Executor(new LazyTransport(ws)).start(hosts,
                    new CheckStep(check, thresholds, r -> reports.put(r.host(), r)), eo, null);
            RunResult result = awaitPrinting(handle, r -> new CheckPrinter(term, ws.redactor())
                    .print(r, reports, options.json));
            return result.cancelled() ? ExitCodes.INTERRUPTED : result.allSucceeded() ? ExitCodes.OK
                    : ExitCodes.HOSTS_FAILED;
        } finally {
            if (check instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    /**
     * Waits for the run and prints it; on Ctrl-C (a long --for) the probes in flight are stopped
     * and what was decided so far is still printed before the JVM exits.
     */
    private RunResult awaitPrinting(Executor.RunHandle handle, java.util.function.Consumer<RunResult> print)
            throws InterruptedException {
        try (OnInterrupt ignored = options.context().onInterrupt(handle::cancel)) {
            RunResult result = handle.await();
            print.accept(result);
            return result;
        }
    }

    private CheckOptions checkOptions() {
        return new CheckOptions(http, tcp, cmd, method, expect, bodyMatches, headers,
                CheckOptions.from(from, "--from"), insecure, ca, probeTimeout, passingAfter, criticalAfter, interval,
                window);
    }
}
