package dev.muster.server.stream;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a trace id in a log line: a W3C {@code traceparent} (its 32-hex trace id), else a
 * {@code trace_id=}, {@code traceId=}, {@code trace=} key (also as JSON, {@code "trace_id":"..."}),
 * else what a user's regex captures in its first group. Null when the line names none.
 */
public final class TraceIds {
    private static final Pattern TRACEPARENT =
            Pattern.compile("\\b[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\\b");
    private static final Pattern KEYED = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_])\"?(?:trace[_-]?id|trace)\"?\\s*[=:]\\s*\"?([A-Za-z0-9][A-Za-z0-9._:-]{3,127})");
    private static final Pattern ALL_ZERO = Pattern.compile("0{32}");

    private final Pattern custom;

    private TraceIds(Pattern custom) {
        this.custom = custom;
    }

    /** The built-in forms only. */
    public static TraceIds standard() {
        return new TraceIds(null);
    }

    /**
     * The built-in forms, and first {@code regex} (its first capturing group is the id). Throws
     * IllegalArgumentException with the reason when the regex is bad or captures nothing.
     */
    public static TraceIds with(String regex) {
        if (regex == null || regex.isEmpty()) {
            return standard();
        }
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + regex + "': " + e.getDescription());
        }
        if (p.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("the regular expression '" + regex
                    + "' needs a capturing group (...) around the trace id");
        }
        return new TraceIds(p);
    }

    public String find(String line) {
        if (custom != null) {
            Matcher m = custom.matcher(line);
            if (m.find() && m.group(1) != null && !m.group(1).isEmpty()) {
                return m.group(1);
            }
        }
        Matcher w3c = TRACEPARENT.matcher(line.toLowerCase(Locale.ROOT));
        while (w3c.find()) {
            if (!ALL_ZERO.matcher(w3c.group(1)).matches()) { // all zeros is an invalid trace id
                return w3c.group(1);
            }
        }
        Matcher keyed = KEYED.matcher(line);
        return keyed.find() ? keyed.group(1) : null;
    }
}
