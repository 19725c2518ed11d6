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

    public InputException(String source, int line, int column, String message) {
        this(source, line, column, message, null);
    }

    public InputException(String source, int line, int column, String message, Throwable cause) {
        super(format(source, line, column, message), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public InputException(String message) {
        this(null, 0, 0, message, null);
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
