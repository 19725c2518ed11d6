package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.cli.output.TopView;
import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"A live view of the selected hosts' CPU, load, memory, disk and network, refreshed every "
                + "--interval over the same SSH sessions, with fleet percentiles at the top.",
                "On a terminal: full screen; keys: q quit, c l m s d r t w i u sort by a column, n by name, "
                        + "+/- slower/faster.",
                "Not on a terminal (or with --json): one table (or JSON lines) per refresh.",
                "--where never hides a host that did not answer: it cannot be judged.",
                "Example: muster top @web --sort mem --interval 5s"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  quit with q, or --count refreshes done with every host sampled in the last",
                "  1  --count refreshes done, some host unreachable or failed in the last",
                "  2  bad input (selector, --sort, --where, --interval, --count): nothing was contacted",
                "  130  interrupted (Ctrl-C)"})
final class TopCommand implements Callable<Integer> {
    static final Duration MIN_INTERVAL = Duration.ofMillis(250);

    @Mixin
    CommonOptions options;

    @Mixin
    SelectorArg target;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time between refreshes (at least 250ms). Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Mixin
    MetricSelection shown = new MetricSelection("cpu");

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N refreshes (0: until q or Ctrl-C). Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--plain", description = "Periodic plain tables even on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.terminal();
        MetricColumn sortBy = shown.sortBy();
        MetricFilter filter = shown.filter();
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw InputException.option("--interval", "expected at least 250ms, found " + TopView.human(interval));
        }
        if (count < 0) {
            throw InputException.option("--count", "expected a number of refreshes (0 for no limit), found "
                    + count);
        }
        Thread main = Thread.currentThread();
        // Ctrl-C outside the full screen (this JVM's, or the persist client's): stop the refresh in
        // flight, close the sessions, then exit (130).
        try (OnInterrupt ignored = options.context().onInterrupt(main::interrupt)) {
            return show(term, sortBy, filter);
        } catch (InterruptedException e) {
            return ExitCodes.INTERRUPTED;
        }
    }

    private int show(Terminal term, MetricColumn sortBy, MetricFilter filter) throws Exception {
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            TopSampler sampler = new TopSampler(ws.transport(), hosts, options.forks, options.timeoutOrNull(),
                    options.connectTimeout);
            TopSettings settings = new TopSettings(target.selector, sortBy, filter, interval, count);
            if (term.tty() && !plain && !options.json) {
                Integer exit = LiveTop.run(sampler, ws.transport()::stats, settings,
                        options.context().noColor());
                if (exit != null) {
                    return exit;
                }
            }
            return new PlainTop(term, ws.redactor(), hosts, options.json).run(sampler, settings);
        }
    }
}
