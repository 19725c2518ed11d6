package dev.muster.cli;

import dev.muster.cli.command.Commands;
import dev.muster.cli.persist.PersistCommand;
import dev.muster.cli.vault.VaultCommand;
import picocli.CommandLine.Command;

@Command(name = "muster", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Run commands on fleets of Linux servers over plain SSH, with nothing installed on them.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every host ok", "  1  at least one host failed or was unreachable",
                "  2  bad input or usage (nothing was run)", "  3  the run itself broke (no inventory, store unwritable)",
                "  130  interrupted (Ctrl-C)", "",
                "Environment: MUSTER_INVENTORY, MUSTER_SSH_CONFIG, MUSTER_HOME, MUSTER_CONFIG; MUSTER_PERSIST=10m",
                "keeps SSH sessions open between commands for that long (see `muster persist`)."})
final class MusterCommand implements Runnable {
    /** Every command's name, in the order `muster --help` lists them. */
    private static final java.util.List<String> ORDER = java.util.List.of("hosts", "hostset", "render", "run", "push",
            "template", "retry", "runs", "show", "console", "check", "metrics", "top", "plan", "apply", "approve",
            "rollback", "releases", "demo", "train", "logs", "grep", "inspect", "serve", "schedule", "token",
            "dead-letters", "persist", "vault", "completion");

    /**
     * Subcommands by name. Main registers only the one being run: building picocli's model of
     * every command by reflection costs start-up time on each invocation.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> known = new java.util.HashMap<>(Commands.all());
        known.put("demo", DemoCommand::new);
        known.put("train", TrainCommand::new);
        known.put("persist", PersistCommand::new);
        known.put("vault", VaultCommand::new);
        known.put("completion", CompletionCommand::new);
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        for (String name : ORDER) {
            m.put(name, java.util.Objects.requireNonNull(known.get(name), name));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The whole command tree with built-in defaults only (no muster.yaml): what completion scripts
     * and man pages describe. Hidden commands (train) are left out.
     */
    static picocli.CommandLine full() {
        picocli.CommandLine cli = new picocli.CommandLine(new MusterCommand());
        SUBCOMMANDS.forEach((name, make) -> {
            picocli.CommandLine sub = new picocli.CommandLine(make.get());
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
