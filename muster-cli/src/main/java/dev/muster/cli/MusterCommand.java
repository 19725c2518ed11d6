package dev.muster.cli;

import picocli.CommandLine.Command;

@Command(name = "muster", mixinStandardHelpOptions = true, version = "muster 0.1.0",
        description = "Run commands on fleets of Linux servers over plain SSH, with nothing installed on them.",
        subcommands = {HostsCommand.class, RunCommand.class, RetryCommand.class, RunsCommand.class,
                ShowCommand.class, DemoCommand.class, ConsoleCommand.class, TrainCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every host ok", "  1  at least one host failed or was unreachable",
                "  2  bad input or usage (nothing was run)", "  3  the run itself broke (no inventory, store unwritable)",
                "  130  interrupted (Ctrl-C)"})
final class MusterCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
