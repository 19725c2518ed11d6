package dev.muster.cli.command;

import picocli.CommandLine.Command;

/** {@code muster plan ...}: work with plan files without running them. */
@Command(name = "plan", mixinStandardHelpOptions = true, subcommands = PlanCheckCommand.class,
        description = "Work with plan files (YAML: targets, steps, strategy, gates, rollback).")
final class PlanCommand extends CommandGroup {
}
