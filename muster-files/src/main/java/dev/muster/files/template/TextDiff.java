package dev.muster.files.template;

import dev.muster.core.Redactor;
import dev.muster.files.template.LineDiff.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-based unified diffs of text files (the format of {@code diff -u}), for {@code --diff} of
 * pushes and templates. A last line without a newline is marked "\ No newline at end of file".
 */
public final class TextDiff {
    public static final int DEFAULT_CONTEXT = 3;
    private static final int BINARY_PROBE = 8192;

    private TextDiff() {
    }

    /** True when the first 8 KiB hold a NUL byte: diff and preview such content as binary. */
    public static boolean isBinary(byte[] content) {
        int end = Math.min(content.length, BINARY_PROBE);
        for (int i = 0; i < end; i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The unified diff from {@code oldText} to {@code newText}; "" when they are equal. */
    public static String unified(String oldText, String newText, String oldLabel, String newLabel, int context) {
        return redactedUnified(oldText, newText, oldLabel, newLabel, context, Redactor.none());
    }

    /**
     * A unified diff safe to print: lines are compared by their real content, but every line holding
     * a secret is printed as {@value SecretLines#REDACTED} (so a changed password shows as a changed
     * redacted line). Old lines shaped like a new secret line (same text around the value, e.g.
     * {@code password = }) are redacted too: the value they hold may be the previous secret.
     */
    public static String redactedUnified(String oldText, String newText, String oldLabel, String newLabel,
                                         int context, Redactor redactor) {
        List<String> oldLines = lines(oldText);
        List<String> newLines = lines(newText);
        List<Op> ops = LineDiff.edits(oldLines, newLines);
        if (ops.stream().allMatch(op -> op == Op.KEEP)) {
            return "";
        }
        List<String> oldShown = lines(SecretLines.redactLike(oldText, newText, redactor));
        List<String> newShown = lines(SecretLines.redact(newText, redactor));
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n');
        out.append("+++ ").append(newLabel).append('\n');
        new Hunks(ops, oldShown, newShown, Math.max(0, context), out).write();
        return out.toString();
    }

    /** Lines with their terminators, so "a" and "a\n" differ as they do on disk. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (SecretLines.Line line : SecretLines.Line.split(text)) {
            lines.add(text.substring(line.start(), line.contentEnd()) + line.terminator());
        }
        return lines;
    }

    /** Groups edits into hunks with {@code context} unchanged lines around them. */
    private record Hunks(List<Op> ops, List<String> oldLines, List<String> newLines, int context, StringBuilder out) {

        void write() {
            int i = 0;
            while (i < ops.size()) {
                if (ops.get(i) == Op.KEEP) {
                    i++;
                    continue;
                }
                int start = Math.max(0, i - context);
                int end = lastChangeOfHunk(i);
                writeHunk(start, Math.min(ops.size(), end + 1 + context));
                i = end + 1;
            }
        }

        /** The last change that belongs with the change at {@code first}: gaps of at most 2*context kept lines. */
        private int lastChangeOfHunk(int first) {
            int last = first;
            int keeps = 0;
            for (int j = first + 1; j < ops.size(); j++) {
                if (ops.get(j) == Op.KEEP) {
                    if (++keeps > 2 * context) {
                        break;
                    }
                } else {
                    last = j;
                    keeps = 0;
                }
            }
            return last;
        }

        private void writeHunk(int from, int to) {
            int oldIndex = 0;
            int newIndex = 0;
            for (int j = 0; j < from; j++) {
                Op op = ops.get(j);
                oldIndex += op == Op.INSERT ? 0 : 1;
                newIndex += op == Op.DELETE ? 0 : 1;
            }
            int oldCount = 0;
            int newCount = 0;
            for (int j = from; j < to; j++) {
                oldCount += ops.get(j) == Op.INSERT ? 0 : 1;
                newCount += ops.get(j) == Op.DELETE ? 0 : 1;
            }
            out.append("@@ -").append(range(oldIndex, oldCount)).append(" +").append(range(newIndex, newCount))
                    .append(" @@\n");
            for (int j = from; j < to; j++) {
                switch (ops.get(j)) {
                    case KEEP -> {
                        line(' ', newLines.get(newIndex++));
                        oldIndex++;
                    }
                    case DELETE -> line('-', oldLines.get(oldIndex++));
                    case INSERT -> line('+', newLines.get(newIndex++));
                }
            }
        }

        private static String range(int before, int count) {
            int start = count == 0 ? before : before + 1;
            return count == 1 ? String.valueOf(start) : start + "," + count;
        }

        private void line(char prefix, String line) {
            out.append(prefix);
            if (line.endsWith("\n")) {
                out.append(line);
            } else {
                out.append(line).append("\n\\ No newline at end of file\n");
            }
        }
    }
}
