package dev.muster.files.template;

import dev.muster.core.Redactor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Hides whole lines that hold a secret value: a config line with a password is shown as
 * {@value #REDACTED}, not just with the value masked, so neither the value nor its length leaks
 * in previews, logs or diffs. A secret spanning several lines hides each of them.
 */
public final class SecretLines {
    public static final String REDACTED = "<secret redacted>";

    private SecretLines() {
    }

    /** {@code text} with every line that holds (part of) a secret replaced by {@value #REDACTED}. */
    public static String redact(String text, Redactor redactor) {
        if (redactor.isEmpty()) {
            return text;
        }
        return hide(text, redactor.occurrences(text), List.of());
    }

    /** True when {@code text} holds any secret value. */
    public static boolean containsSecret(String text, Redactor redactor) {
        return !redactor.isEmpty() && !redactor.occurrences(text).isEmpty();
    }

    /**
     * Redacts the previous version of a file: lines holding a known secret, and lines shaped like a
     * secret line of {@code newText} (the same non-blank text before the value, the same after it),
     * whose value is most likely the secret this version replaces.
     */
    static String redactLike(String oldText, String newText, Redactor redactor) {
        if (redactor.isEmpty()) {
            return oldText;
        }
        return hide(oldText, redactor.occurrences(oldText), shapes(newText, redactor.occurrences(newText)));
    }

    private record Shape(String prefix, String suffix) {
        boolean matches(String line) {
            return line.length() > prefix.length() + suffix.length() && line.startsWith(prefix)
                    && line.endsWith(suffix);
        }
    }

    private static List<Shape> shapes(String text, BitSet secret) {
        List<Shape> shapes = new ArrayList<>();
        for (Line line : Line.split(text)) {
            int first = secret.nextSetBit(line.start());
            if (first < 0 || first >= line.contentEnd()) {
                continue;
            }
            int last = secret.previousSetBit(line.contentEnd() - 1);
            String prefix = text.substring(line.start(), first);
            if (!prefix.isBlank()) {
                shapes.add(new Shape(prefix, text.substring(last + 1, line.contentEnd())));
            }
        }
        return shapes;
    }

    private static String hide(String text, BitSet secret, List<Shape> shapes) {
        if (secret.isEmpty() && shapes.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (Line line : Line.split(text)) {
            String content = text.substring(line.start(), line.contentEnd());
            int next = secret.nextSetBit(line.start());
            boolean hides = (next >= 0 && next < line.contentEnd())
                    || shapes.stream().anyMatch(s -> s.matches(content));
            out.append(hides ? REDACTED : content).append(line.terminator());
        }
        return out.toString();
    }

    /** A line of text: content from start to contentEnd, then its terminator ("\n", "\r\n" or none). */
    record Line(int start, int contentEnd, String terminator) {
        static List<Line> split(String text) {
            List<Line> lines = new ArrayList<>();
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                if (nl < 0) {
                    lines.add(new Line(start, text.length(), ""));
                    break;
                }
                boolean crlf = nl > start && text.charAt(nl - 1) == '\r';
                lines.add(new Line(start, crlf ? nl - 1 : nl, crlf ? "\r\n" : "\n"));
                start = nl + 1;
            }
            return lines;
        }
    }
}
