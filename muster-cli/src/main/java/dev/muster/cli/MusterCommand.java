package dev.muster.cli;

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
    /**
     * Subcommands by name. Main registers only the one being run: building picocli's model of
     * every command by reflection costs start-up time on each invocation.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("hosts", HostsCommand::new);
        m.put("hostset", HostsetCommand::new);
        m.put("render", RenderCommand::new);
        m.put("run", RunCommand::new);
        m.put("push", PushCommand::new);
        m.put("template", TemplateCommand::new);
        m.put("retry", RetryCommand::new);
        m.put("runs", RunsCommand::new);
        m.put("show", ShowCommand::new);
        m.put("console", ConsoleCommand::new);
        m.put("check", CheckCommand::new);
        m.put("metrics", MetricsCommand::new);
        m.put("top", TopCommand::new);
        m.put("plan", PlanCommand::new);
        m.put("apply", ApplyCommand::new);
        m.put("approve", ApproveCommand::new);
        m.put("rollback", RollbackCommand::new);
        m.put("releases", ReleasesCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("train", TrainCommand::new);
        m.put("logs", LogsCommand::spec);
        m.put("grep", GrepCommand::spec);
        m.put("inspect", InspectCommand::new);
        m.put("serve", ServeCommand::new);
        m.put("schedule", ScheduleCommand::new);
        m.put("token", TokenCommand::new);
        m.put("dead-letters", DeadLettersCommand::new);
        m.put("persist", PersistCommand::new);
        m.put("vault", VaultCommand::new);
        m.put("completion", CompletionCommand::new);
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
