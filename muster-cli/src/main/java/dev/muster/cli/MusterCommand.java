package dev.muster.cli;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.Commands;
import dev.muster.cli.persist.PersistCommand;
import dev.muster.cli.vault.VaultCommand;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Command;

@Command(name = "muster", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Run commands on fleets of Linux servers over plain SSH, with nothing installed on them.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every host ok", "  1  at least one host failed or was unreachable",
                "  2  bad input or usage (nothing was run)", "  3  the run itself broke (no inventory, store unwritable)",
                "  130  interrupted (Ctrl-C)", "",
                "Environment: MUSTER_INVENTORY, MUSTER_SSH_CONFIG, MUSTER_HOME, MUSTER_CONFIG; MUSTER_PERSIST (default",
                "10m; 0 = off): how long a daemon keeps SSH sessions open after the last command (see `muster persist`)."})
final class MusterCommand implements Runnable {
    /** Every command's name, in the order `muster --help` lists them. */
    private static final List<String> ORDER = List.of("hosts", "hostset", "render", "run", "push",
            "template", "retry", "runs", "show", "console", "check", "metrics", "top", "plan", "apply", "approve",
            "rollback", "releases", "demo", "train", "logs", "grep", "inspect", "serve", "schedule", "token",
            "dead-letters", "persist", "vault", "completion", "__complete");

    /**
     * Subcommands by name. Main registers only the one being run: building picocli's model of
     * every command by reflection costs start-up time on each invocation.
     */
    static final Map<String, Function<CommandContext, Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Function<CommandContext, Object>> subcommands() {
        Map<String, Function<CommandContext, Object>> known = new HashMap<>(Commands.all());
        known.put("demo", DemoCommand::new);
        known.put("train", TrainCommand::new);
        known.put("persist", context -> new PersistCommand());
        known.put("vault", context -> new VaultCommand());
        known.put("completion", context -> new CompletionCommand());
        Map<String, Function<CommandContext, Object>> m = new LinkedHashMap<>();
        for (String name : ORDER) {
            m.put(name, Objects.requireNonNull(known.get(name), name));
        }
        return Collections.unmodifiableMap(m);
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The whole command tree with built-in defaults only (no muster.yaml): what completion scripts
     * and man pages describe. Hidden commands (train) are left out.
     */
    static picocli.CommandLine full() {
        CommandContext context = CommandContext.process();
        picocli.CommandLine.IFactory factory = Commands.factory(context);
        picocli.CommandLine cli = new picocli.CommandLine(new MusterCommand(), factory);
        SUBCOMMANDS.forEach((name, make) -> {
            picocli.CommandLine sub = new picocli.CommandLine(make.apply(context), factory);
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                cli.addSubcommand(name, sub);
            }
        });
        return cli;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
