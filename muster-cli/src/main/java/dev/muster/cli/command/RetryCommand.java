package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Step;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.store.RunKind;
import dev.muster.core.store.RunRecord;
import dev.muster.core.store.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Run a recorded run's step again on only the hosts that failed or were unreachable.")
final class RetryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id (default: the latest run).")
    String runId;

    @Override
    public Integer call() {
        Terminal term = options.terminal();
        try (Workspace ws = new Workspace(options, term)) {
            ws.prepareTransport();
            RunRecord run = Runs.find(ws.store(), runId);
            List<String> names = run.outcomes().stream().filter(o -> o.needsRetry() || !o.owed().isEmpty())
                    .map(Outcome::host).toList();
            List<String> owing = run.outcomes().stream().filter(o -> !o.owed().isEmpty()).map(Outcome::host).toList();
            if (names.isEmpty()) {
                term.out().println("run " + run.id() + " has no failed or unreachable hosts and owes nothing: "
                        + "nothing to retry");
                term.out().flush();
                return ExitCodes.OK;
            }
            Object command = run.spec().get("command");
            // a masked command cannot be run again as stored (its secrets may be resolved only later, so a
            // redactor that is still empty says nothing about it)
            if (command != null && command.toString().contains(Redactor.MASK)) {
                throw new InputException("run " + run.id() + " ran a command containing a secret, which the store "
                        + "keeps masked; run it again with 'muster run'");
            }
            Step step = switch (run.kind()) {
                case "push" -> PushCommand.fromSpec(run.spec(), owing).redacting(ws.redactor());
                case "template" -> TemplateCommand.fromSpec(run.spec(), owing, ws.redactor());
                default -> RunCommand.fromSpec(run.spec());
            };
            List<Host> hosts = new ArrayList<>();
            for (String name : names) {
                hosts.add(ws.inventory().host(name).orElseThrow(() -> new InputException("host '" + name
                        + "' of run " + run.id() + " is no longer in the inventory")));
            }
            hosts = ws.withOverrides(hosts);
            String selector = HostSet.of(names).fold();
            return new RunLauncher(ws).launch(hosts, step,
                    new RunSpec(retryKind(run), selector, run.command(), run.spec(), run.id()));
        }
    }

    /** A retried push, template or other recorded step keeps its kind; a command run becomes a retry. */
    private static RunKind retryKind(RunRecord run) {
        return RunKind.of(run.kind()).filter(k -> k != RunKind.RUN).orElse(RunKind.RETRY);
    }
}
