package dev.muster.cli.command;

import dev.muster.cli.output.GrepPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.RunException;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.probe.logs.GrepQuery;
import dev.muster.probe.logs.GrepStep;
import dev.muster.probe.logs.HostMatches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "grep", mixinStandardHelpOptions = true,
        description = {"Search files on many hosts at once (globs expanded on each host); identical matching "
                + "lines are folded under the hosts that have them, then matches and files searched per host.",
                "Example: muster grep all 'trace=4bf92f3577b34da6' '/var/log/app/*.log'"})
final class GrepCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec spec;

    /** Added by {@link #spec}, where -i is taken back from --inventory: in grep it means ignore case. */
    final CommonOptions options;

    private GrepCommand(CommandContext context) {
        options = new CommonOptions(context);
    }

    @Mixin
    SelectorArg target;

    @Parameters(index = "1", paramLabel = "PATTERN", description = "Extended regex (grep -E), or a string with -F.")
    String pattern;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE_GLOB",
            description = "Files to search; quote globs so the host, not your shell, expands them.")
    List<String> globs = new ArrayList<>();

    @Option(names = {"-i", "--ignore-case"}, description = "Ignore case.")
    boolean ignoreCase;

    @Option(names = {"-F", "--fixed-strings"}, description = "PATTERN is a plain string, not a regex.")
    boolean fixedStrings;

    @Option(names = {"-m", "--max-count"}, paramLabel = "N", defaultValue = "0",
            description = "Stop reading a file after N matches (0 = no limit). Default: ${DEFAULT-VALUE}.")
    int maxCount;

    static CommandSpec spec(CommandContext context) {
        GrepCommand command = new GrepCommand(context);
        CommandSpec spec = CommandSpec.forAnnotatedObject(command, Commands.factory(context));
        CommandSpec common = CommandSpec.forAnnotatedObject(command.options, Commands.factory(context));
        OptionSpec inventory = common.findOption("--inventory");
        common.remove(inventory);
        common.addOption(OptionSpec.builder(inventory).names("--inventory").build());
        spec.addMixin("common", common);
        return spec;
    }

    /** A missing inventory after -i names grep's reading of -i too. */
    private List<Host> select(Workspace ws) {
        try {
            return ws.select(target.selector);
        } catch (RunException e) {
            if (ignoreCase && e.getMessage() != null && e.getMessage().startsWith("no inventory:")) {
                throw new RunException(e.getMessage() + " (in muster grep, -i means --ignore-case, as in grep:"
                        + " give the inventory with --inventory FILE)", e);
            }
            throw e;
        }
    }

    @Override
    public Integer call() {
        Terminal term = options.context().terminal(spec.commandLine().getOut(), spec.commandLine().getErr());
        GrepQuery query = new GrepQuery(pattern, globs, ignoreCase, fixedStrings, maxCount);
        if (ignoreCase && options.inventories.isEmpty()
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(target.selector))) {
            // muster grep -i inv.ini ...: the other commands' -i, not grep's
            throw InputException.option("command line", "in muster grep, -i is --ignore-case as in grep, so the"
                    + " file '" + target.selector + "' was read as the SELECTOR; for an inventory write --inventory "
                    + target.selector);
        }
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            List<Host> hosts = select(ws);
            ExecutorOptions eo = options.executorOptions();
            Executor.RunHandle handle = new Executor(ws.transport()).start(hosts,
                    new GrepStep(query, GrepStep.DEFAULT_MAX_BYTES), eo, null);
            try (OnInterrupt ignored = options.context().onInterrupt(handle::cancel)) {
                RunResult run = handle.await();
                List<HostMatches> results = run.outcomes().stream().map(HostMatches::from).toList();
                int exit = run.cancelled() ? ExitCodes.INTERRUPTED
                        : results.stream().anyMatch(HostMatches::failed) ? ExitCodes.HOSTS_FAILED : ExitCodes.OK;
                GrepPrinter printer = new GrepPrinter(term);
                if (options.json) {
                    printer.json(results, run.duration(), exit);
                } else if (options.lines) {
                    printer.lines(results, run.duration());
                } else {
                    printer.gathered(results, run.duration());
                }
                return exit;
            } catch (InterruptedException e) {
                handle.cancel();
                throw new RunException("interrupted", e);
            }
        }
    }
}
