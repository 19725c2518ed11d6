package dev.muster.cli.output;

import java.io.PrintWriter;

/**
 * Where output goes and whether it may use colour and carriage-return progress: colours only
 * on a terminal, never when NO_COLOR is set.
 */
public final class Terminal {
    public enum Style {
        BOLD("1"), DIM("2"), RED("31"), GREEN("32"), YELLOW("33"), BLUE("34"), MAGENTA("35"), CYAN("36");

        final String code;

        Style(String code) {
            this.code = code;
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean tty;
    private final boolean color;

    public Terminal(PrintWriter out, PrintWriter err, boolean tty, boolean color) {
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.color = color;
    }

    /**
     * Colour only on a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb.
     * Commands get theirs from their context, which knows whether their client has a terminal.
     */
    public static Terminal of(PrintWriter out, PrintWriter err, boolean tty, java.util.Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        boolean color = tty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        return new Terminal(out, err, tty, color);
    }

    /** Whether this process talks to a terminal (stdin and stdout both): not a command's, see CommandContext. */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean tty() {
        return tty;
    }

    public String paint(Style style, String text) {
        return color ? "\u001b[" + style.code + "m" + text + "\u001b[0m" : text;
    }
}
