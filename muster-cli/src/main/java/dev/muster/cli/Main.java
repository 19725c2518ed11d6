package dev.muster.cli;

import dev.muster.cli.command.CommandContext;
import dev.muster.cli.command.Commands;
import dev.muster.cli.command.ConfigDefaults;
import dev.muster.cli.command.ExitCodes;
import dev.muster.cli.command.HostsetCommand;
import dev.muster.core.MusterException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The `muster` launcher: parses arguments, runs one command, maps problems to exit codes. */
public final class Main {
    private Main() {
    }

    /** Commands that will open SSH connections: their crypto set-up starts before parsing. */
    private static final java.util.Set<String> SSH_COMMANDS = java.util.Set.of("run", "retry", "console", "metrics",
            "top", "push", "template", "check", "logs", "grep", "apply", "rollback", "releases", "inspect", "serve");

    public static void main(String[] args) {
        if (Version.asked(args)) {
            Version.main(args); // no warm-up threads, no picocli model, no configuration: just the line
            return;
        }
        if (args.length > 0 && args[0].equals("hostset")) {
            // a text utility racing nodeset: no warm-up, no picocli model unless it needs help or finds an odd option
            Integer exit = HostsetCommand.fast(args, new PrintWriter(System.out, false), new PrintWriter(System.err, true),
                    true);
            if (exit != null) {
                System.exit(exit);
            }
        }
        StartupWarmup.start(args.length > 0 && SSH_COMMANDS.contains(args[0]));
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line in this process's context; used by tests too. Exit codes are documented in the README. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandContext.process());
    }

    /**
     * Runs one command line with {@code context} (its environment, terminal, Ctrl-C and SSH sessions):
     * the persist daemon gives each client's command its own.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CommandContext context) {
        CommandLine cli = new CommandLine(new MusterCommand(), Commands.factory(context));
        var only = args.length > 0 ? MusterCommand.SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cli.addSubcommand(args[0], only.apply(context));
        } else {
            MusterCommand.SUBCOMMANDS.forEach((name, make) -> cli.addSubcommand(name, make.apply(context)));
        }
        ConfigDefaults config;
        try {
            config = ConfigDefaults.load(context.env());
            cli.setDefaultValueProvider(config);
        } catch (MusterException e) {
            err.println("muster: " + e.getMessage());
            return e.exitCode();
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // a message may quote a value that came from a secret (a URL, a command): mask what this command resolved
            dev.muster.core.Redactor redactor = context.redactor();
            if (ex instanceof MusterException me) {
                err.println("muster: " + redactor.redact(me.getMessage()));
                return me.exitCode();
            }
            err.println("muster: internal error: " + redactor.redact(internal(ex)));
            if (context.env().get("MUSTER_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCodes.RUN_BROKE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            // a bad value written in muster.yaml is reported at its place in that file
            String where = ex.getArgSpec() == null ? null : config.origin(ex.getArgSpec(), ex.getMessage());
            err.println("muster: " + (where == null ? "" : where + ": ") + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'muster " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** An unexpected failure's message for the user (no Java class name: MUSTER_DEBUG=1 shows the trace). */
    static String internal(Throwable e) {
        String message = e.getMessage();
        return (message == null || message.isBlank() ? "no details" : message) + " (MUSTER_DEBUG=1 shows where)";
    }

    private static String commandPath(CommandLine c) {
        String name = c.getCommandSpec().qualifiedName(" ");
        String rest = name.startsWith("muster") ? name.substring("muster".length()).trim() : name;
        return rest.isEmpty() ? "" : rest + " ";
    }
}
