package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.inventory.Inventory;
import java.io.PrintWriter;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code muster __complete [-i FILE]...}: the inventory's host names ({@code h NAME}) and group
 * names ({@code g NAME}), one per line, for the completion script's SELECTOR candidates. Hidden: the
 * script runs it through the persist daemon only (the launcher answers nothing when no daemon
 * serves, rather than start a JVM at each TAB).
 */
@Command(name = "__complete", hidden = true, description = "Host and group names for shell completion.")
final class CompleteNamesCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() throws Exception {
        Terminal term = options.context().terminal(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Workspace ws = new Workspace(options, term)) {
            Inventory inventory = ws.inventory();
            PrintWriter out = term.out();
            for (String host : inventory.names()) {
                out.println("h " + host);
            }
            for (String group : new TreeSet<>(inventory.groupNames())) {
                out.println("g " + group);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
