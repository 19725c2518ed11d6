package dev.muster.cli.command;

import dev.muster.cli.output.LogJsonPrinter;
import dev.muster.cli.output.LogPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.RunException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.inventory.Host;
import dev.muster.probe.logs.LogListener;
import dev.muster.probe.logs.LogQuery;
import dev.muster.probe.logs.LogTail;
import dev.muster.probe.logs.LogTailResult;
import dev.muster.probe.logs.Since;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show the end of log files on many hosts at once, each line prefixed by its host; "
                + "--follow keeps reading across log rotations until Ctrl-C.",
                "Example: muster logs @web /var/log/app.log --grep 'ERROR|WARN' --since 10m --follow",
                "Ship to Kafka: muster logs @web /var/log/app.log --follow --to kafka://broker:9092/logs"})
final class LogsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec spec;

    /** Added by {@link #spec} without its --lines, which here means how many lines of history. */
    final CommonOptions options;

    private LogsCommand(CommandContext context) {
        options = new CommonOptions(context);
    }

    @Mixin
    SelectorArg target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Log files on the hosts.")
    List<String> files = new ArrayList<>();

    @Option(names = "--grep", paramLabel = "REGEX",
            description = "Only lines matching this extended regex (grep -E), filtered on the hosts.")
    String grep;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only lines stamped at or after this: 10m, 2h, 1d, or 2026-11-27T20:01:02Z, "
                    + "'2026-11-27 20:01' (this machine's zone). Reads ISO-8601, syslog and access-log stamps.")
    String since;

    @Option(names = {"-F", "--follow"}, description = "Keep reading new lines, across rotations, until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N",
            description = "Lines of history per file, after filtering (default 10; all of them with --since).")
    Integer lines;

    @Option(names = "--max-lines", paramLabel = "N", defaultValue = "0",
            description = "Stop everything after N lines in total (0 = no limit). Default: ${DEFAULT-VALUE}.")
    long maxLines;

    @Mixin
    LogShipping shipping;

    /** The command with the common options minus their --lines (streaming is all logs does anyway). */
    static CommandSpec spec(CommandContext context) {
        LogsCommand command = new LogsCommand(context);
        CommandSpec spec = CommandSpec.forAnnotatedObject(command, Commands.factory(context));
        CommandSpec common = CommandSpec.forAnnotatedObject(command.options, Commands.factory(context));
        common.remove(common.findOption("--lines"));
        spec.addMixin("common", common);
        return spec;
    }

    @Override
    public Integer call() {
        Terminal term = options.context().terminal(spec.commandLine().getOut(), spec.commandLine().getErr());
        if (maxLines < 0) {
            throw InputException.option("--max-lines", "must be 0 or more, found " + maxLines);
        }
        if (shipping.check(grep != null || since != null || lines != null) != null) {
            return ship(term);
        }
        Instant from = since == null ? null : Since.parse(since, Clock.systemDefaultZone());
        LogQuery query = new LogQuery(files, grep, from, lines, follow);
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            LogPrinter printer = new LogPrinter(term, hosts.stream().map(Host::name).toList(), query.files());
            LogJsonPrinter json = options.json ? new LogJsonPrinter(term.out()) : null;
            LogListener listener = json != null ? json : options.quiet ? quiet(printer) : printer;
            LogTail.Session session = new LogTail(new Executor(ws.transport()))
                    .start(hosts, query, executorOptions(), maxLines, listener);
            try (OnInterrupt ignored = options.context().onInterrupt(session::cancel)) {
                LogTailResult result = session.await();
                if (json != null) {
                    json.summary(result);
                } else if (!options.quiet || result.exitCode() != 0) {
                    printer.summary(result, maxLines);
                }
                return result.exitCode();
            } catch (InterruptedException e) {
                session.cancel();
                throw new RunException("interrupted", e);
            }
        }
    }

    /** --to: every new line of the files to Kafka, with its place in its file; nothing printed per line. */
    private int ship(Terminal term) {
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = ws.select(target.selector);
            return shipping.ship(options.context(), hosts, files, follow, maxLines, new Executor(ws.transport()), executorOptions(),
                    options.storeDir(), term.out(), term.err());
        }
    }

    /** -q: only the log lines (and the summary when something failed). */
    private static LogListener quiet(LogPrinter printer) {
        return printer::line;
    }

    /** A follow runs until stopped: no per-host timeout unless one was asked for. */
    private ExecutorOptions executorOptions() {
        boolean timeoutGiven = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        Duration timeout = follow && !timeoutGiven ? null : options.timeoutOrNull();
        return options.executorOptions(timeout);
    }
}
