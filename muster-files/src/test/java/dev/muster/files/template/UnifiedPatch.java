package dev.muster.files.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Applies a unified diff to a text, checking every context and removed line: the test oracle for TextDiff. */
final class UnifiedPatch {
    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private UnifiedPatch() {
    }

    static String apply(String old, String diff) {
        if (diff.isEmpty()) {
            return old;
        }
        List<String> oldLines = TextDiff.lines(old);
        String[] d = diff.split("\n", -1);
        List<String> out = new ArrayList<>();
        int oi = 0;
        int i = 2;
        while (i < d.length && !d[i].isEmpty()) {
            Matcher h = HUNK.matcher(d[i]);
            if (!h.matches()) {
                throw new AssertionError("not a hunk header: " + d[i]);
            }
            int oldStart = Integer.parseInt(h.group(1));
            int oldCount = h.group(2) == null ? 1 : Integer.parseInt(h.group(2));
            int newCount = h.group(4) == null ? 1 : Integer.parseInt(h.group(4));
            int start = oldCount == 0 ? oldStart : oldStart - 1;
            if (start < oi) {
                throw new AssertionError("hunks overlap or go backwards at " + d[i]);
            }
            while (oi < start) {
                out.add(oldLines.get(oi++));
            }
            int seenOld = 0;
            int seenNew = 0;
            i++;
            while (i < d.length && !d[i].isEmpty() && !d[i].startsWith("@@")) {
                char prefix = d[i].charAt(0);
                boolean noNewline = i + 1 < d.length && d[i + 1].startsWith("\\ No newline");
                String line = d[i].substring(1) + (noNewline ? "" : "\n");
                if (prefix == ' ' || prefix == '-') {
                    if (!oldLines.get(oi).equals(line)) {
                        throw new AssertionError("line " + (oi + 1) + " is " + oldLines.get(oi) + ", diff says " + line);
                    }
                    oi++;
                    seenOld++;
                }
                if (prefix == ' ' || prefix == '+') {
                    out.add(line);
                    seenNew++;
                }
                i += noNewline ? 2 : 1;
            }
            if (seenOld != oldCount || seenNew != newCount) {
                throw new AssertionError("hunk counts do not match its lines: " + h.group());
            }
        }
        while (oi < oldLines.size()) {
            out.add(oldLines.get(oi++));
        }
        return String.join("", out);
    }
}
