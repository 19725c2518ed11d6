package dev.muster.core;

import java.util.Optional;

/**
 * Bad input from the user: a malformed inventory, an unknown group, a bad selector.
 * Names where (file, line, column when known) and what was expected. Exit code 2;
 * nothing is executed after one of these.
 */
public final class InputException extends MusterException {
    private final String source;
    private final int line;
    private final int column;
    private final java.util.List<InputException> problems;

    public InputException(String source, int line, int column, String message) {
        this(source, line, column, message, null);
    }

    public InputException(String source, int line, int column, String message, Throwable cause) {
        super(format(source, line, column, message), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problems = java.util.List.of(this);
    }

    /**
     * Several problems found in one pass over a file (a plan reports every error, not just the
     * first). The message is one problem per line; position accessors are the first one's.
     */
    public InputException(java.util.List<InputException> problems) {
        super(String.join("\n", problems.stream().map(Throwable::getMessage).toList()), null);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        InputException first = problems.getFirst();
        this.source = first.source;
        this.line = first.line;
        this.column = first.column;
        this.problems = java.util.List.copyOf(problems);
    }

    public InputException(String message) {
        this(null, 0, 0, message, null);
    }

    /**
     * A bad command-line option or argument, named as the user typed it ({@code --resume},
     * {@code PATTERN}, or "command line" for how several combine): "--resume: no run X".
     */
    public static InputException option(String option, String message) {
        return new InputException(option, 0, 0, message, null);
    }

    /**
     * A problem with a whole input where no line is known: a file, or another thing the user
     * named ("store URL", "schedule", "request"): "plan.yaml: cannot read it".
     */
    public static InputException in(String source, String message) {
        return new InputException(source, 0, 0, message, null);
    }

    /** As {@link #in(String, String)}, with the error that caused it. */
    public static InputException in(String source, String message, Throwable cause) {
        return new InputException(source, 0, 0, message, cause);
    }

    /** A problem with a whole file where no line is known. */
    public static InputException in(java.nio.file.Path file, String message) {
        return in(String.valueOf(file), message);
    }

    /** As {@link #in(java.nio.file.Path, String)}, with the error that caused it. */
    public static InputException in(java.nio.file.Path file, String message, Throwable cause) {
        return in(String.valueOf(file), message, cause);
    }

    /** File name (or "selector", "command line") the problem is in, if known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** Every problem this exception stands for, in the order found (just itself for one). */
    public java.util.List<InputException> problems() {
        return problems;
    }

    @Override
    public int exitCode() {
        return 2;
    }

    private static String format(String source, int line, int column, String message) {
        if (source == null) {
            return message;
        }
        StringBuilder where = new StringBuilder(source);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + message;
    }
}
