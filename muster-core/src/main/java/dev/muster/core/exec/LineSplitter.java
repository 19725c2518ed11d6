package dev.muster.core.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns chunks of bytes into complete lines (UTF-8, without "\n" or "\r\n"); overlong lines are
 * cut at {@link #MAX_LINE} bytes. The executor splits command output with it, the log steps a
 * file's.
 */
public final class LineSplitter {
    public static final int MAX_LINE = 64 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> onLine;

    public LineSplitter(Consumer<String> onLine) {
        this.onLine = onLine;
    }

    public void write(byte[] data, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n') {
                line.write(data, start, i - start);
                emit();
                start = i + 1;
            } else if (line.size() + (i - start) >= MAX_LINE) {
                line.write(data, start, i - start);
                emit();
                start = i;
            }
        }
        line.write(data, start, end - start);
    }

    /** Emits an unterminated last line, if any. */
    public void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        onLine.accept(text);
    }
}
