package dev.muster.cli.command;

import dev.muster.cli.output.MetricsPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import dev.muster.probe.metrics.MetricsCollector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Sample CPU, load, memory, swap, disk, network and uptime from /proc on every selected host,",
                "one SSH exec per host per sample; rates from two samples --interval apart.",
                "Example: muster metrics @web --sort cpu --where 'cpu>80'"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every host sampled", "  1  some host unreachable or its sample failed",
                "  2  bad input (selector, --sort, --where): nothing was sampled"})
final class MetricsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg target;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Gap between the two samples rates are computed from. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Mixin
    MetricSelection shown = new MetricSelection("host");

    @Option(names = "--prometheus", description = "Prometheus text exposition format, labels host, group, env.")
    boolean prometheus;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Print N rounds, --interval apart, over the same SSH sessions. Default: ${DEFAULT-VALUE}.")
    int count;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        MetricColumn sortBy = shown.sortBy();
        MetricFilter filter = shown.filter();
        if (count < 1) {
            throw InputException.option("--count", "expected a number of rounds of at least 1, found " + count);
        }
        if (options.json && prometheus) {
            throw InputException.option("command line", "choose one of --json and --prometheus");
        }
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            ExecutorOptions eo = new ExecutorOptions(options.forks, options.timeoutOrNull(), options.deadline, null, 0);
            MetricsCollector collector = new MetricsCollector(ws.transport(), eo);
            MetricsPrinter printer = new MetricsPrinter(term, ws.redactor(), hosts);
            long started = System.nanoTime();
            MetricsCollector.Round previous = collector.snapshot(hosts, null);
            boolean allOk = true;
            for (int round = 1; round <= count; round++) {
                Thread.sleep(interval);
                MetricsCollector.Round current = collector.snapshot(hosts, null);
                List<HostMetrics> metrics = MetricsCollector.compare(hosts, previous, current);
                allOk &= metrics.stream().allMatch(HostMetrics::ok);
                List<HostMetrics> shown = MetricsPrinter.select(metrics, filter, sortBy);
                if (prometheus) {
                    printer.prometheus(shown, current.snapshots());
                } else if (options.json) {
                    printer.json(shown, round);
                } else {
                    printer.table(shown, metrics, Duration.ofNanos(System.nanoTime() - started), round > 1);
                }
                previous = current;
            }
            return allOk ? ExitCodes.OK : ExitCodes.HOSTS_FAILED;
        }
    }
}
