package dev.muster.cli;

import dev.muster.cli.command.CommandContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One muster invocation run in-process, with what it printed. */
public record CliResult(int exit, String out, String err) {

    public static CliResult run(List<String> args) {
        return run(args, CommandContext.process());
    }

    /** As {@link #run(List)} with {@code context}'s environment, terminal, Ctrl-C and sessions. */
    public static CliResult run(List<String> args, CommandContext context) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), context);
        return new CliResult(exit, out.toString(), err.toString());
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
