package dev.muster.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.output.GatheredPrinter;
import dev.muster.cli.output.Terminal;
import dev.muster.core.exec.Outcome;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.OutcomeJson;
import dev.muster.core.store.RunRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a recorded run again: gathered output and recap.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id (default: the latest run).")
    String runId;

    @Option(names = "--json", description = "One JSON object per host outcome.")
    boolean json;

    @picocli.CommandLine.Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        Terminal term = store.terminal();
        RunRecord run = Runs.find(new FileRunStore(store.dir()), runId);
        PrintWriter out = term.out();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            for (Outcome outcome : run.outcomes()) {
                out.println(mapper.writeValueAsString(OutcomeJson.toJson(outcome)));
            }
            out.flush();
            return ExitCodes.OK;
        }
        out.println("run " + run.id() + " · " + run.kind() + " · " + run.selector() + " · " + run.command()
                + " · " + run.state());
        if (run.spec().get("groups") instanceof java.util.List<?> groups) {
            // a plan with groups: each group's last recorded state (see ApplyGroups)
            out.println("groups:");
            for (Object g : groups) {
                if (g instanceof java.util.Map<?, ?> m) {
                    out.println("  " + m.get("name") + " " + m.get("hosts") + ": " + m.get("state")
                            + (m.get("detail") == null || String.valueOf(m.get("detail")).isEmpty() ? ""
                            : ": " + m.get("detail")));
                }
            }
        }
        GatheredPrinter printer = new GatheredPrinter(term);
        printer.printGroups(run.outcomes());
        Duration took = run.finishedAt() == null ? null : Duration.between(run.startedAt(), run.finishedAt());
        printer.printRecap(run.outcomes(), took, null);
        return ExitCodes.OK;
    }
}
