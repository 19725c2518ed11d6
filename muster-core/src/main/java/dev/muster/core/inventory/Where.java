package dev.muster.core.inventory;

import dev.muster.core.InputException;

/**
 * A place in an input file, for error messages (line and column are 1-based, 0 = unknown).
 * {@code textColumn} is where the text itself starts: past the opening quote of a quoted
 * scalar, so errors inside a host range point at the right character.
 */
public record Where(String source, int line, int column, int textColumn) {
    public Where(String source, int line, int column) {
        this(source, line, column, column);
    }

    public InputException error(String message) {
        return new InputException(source, line, column, message);
    }

    HostRanges.ErrorAt offsets() {
        return HostRanges.ErrorAt.column(source, line, Math.max(textColumn, 1));
    }
}
