package dev.muster.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One muster invocation run in-process, with what it printed. */
public record CliResult(int exit, String out, String err) {

    public static CliResult run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliResult(exit, out.toString(), err.toString());
    }

    public List<String> outLines() {
        return out.lines().toList();
    }
}
