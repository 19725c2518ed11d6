package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --store} for the commands that only read the run store ({@code runs}, {@code show}),
 * declared once; picocli's factory makes it with the command's {@link CommandContext}.
 */
final class StoreOption {
    private final CommandContext context;

    @Option(names = "--store", paramLabel = "DIR", description = "Run store directory. Default: $MUSTER_HOME, else ~/.muster.")
    Path store;

    StoreOption(CommandContext context) {
        this.context = context;
    }

    /** --store, else $MUSTER_HOME, else ~/.muster: as every other command finds it. */
    Path dir() {
        CommonOptions o = new CommonOptions(context);
        o.store = store == null ? null : store.toString();
        return o.storeDir();
    }

    /** The command this option is mixed into (picocli sets it): where it prints. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints, as its context says (a terminal or not, NO_COLOR). */
    Terminal terminal() {
        return context.terminal(command.commandLine().getOut(), command.commandLine().getErr());
    }
}
