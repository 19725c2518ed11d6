package dev.muster.probe.logs;

import dev.muster.core.InputException;
import dev.muster.core.step.Shell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to read from each host's log files: the last {@code lines} lines (after filtering), then,
 * when following, every new line, across rotations.
 *
 * @param files  paths on the host, as the user wrote them
 * @param grep   an extended regex (grep -E) applied on the host, or null for every line
 * @param since  only lines stamped at or after this instant (filtered on the host), or null
 * @param lines  how many lines of history per file; null means all of them (the default with since)
 * @param follow keep reading new lines until stopped
 */
public record LogQuery(List<String> files, String grep, Instant since, Integer lines, boolean follow) {
    public static final int DEFAULT_LINES = 10;

    public LogQuery {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw InputException.option("command line", "give at least one log file");
        }
        for (String f : files) {
            if (f.isEmpty() || f.indexOf('\0') >= 0 || f.indexOf('\n') >= 0) {
                throw InputException.option("command line", "not a file name: '" + f + "'");
            }
        }
        if (grep != null) {
            grep = grep.isEmpty() ? null : checkRegex("--grep", grep);
        }
        if (lines != null && lines < 0) {
            throw InputException.option("--lines", "must be 0 or more, found " + lines);
        }
    }

    /** A regex checked on the controller so a typo fails the run before anything runs on a host. */
    static String checkRegex(String option, String regex) {
        if (regex.indexOf('\n') >= 0 || regex.indexOf('\0') >= 0) {
            throw InputException.option(option, "a pattern cannot contain a newline");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw InputException.option(option, "bad regular expression '" + regex + "': "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at position " + (e.getIndex() + 1) : ""));
        }
        return regex;
    }

    /** How many lines of history {@code tail -n} is asked for. */
    String tailLines() {
        if (lines != null) {
            return Integer.toString(lines);
        }
        return since != null ? "+1" : Integer.toString(DEFAULT_LINES);
    }

    /** The exact command line sent to the host, every value quoted; {@link #remoteScript()} goes to its stdin. */
    public String remoteCommand() {
        List<String> words = new ArrayList<>(List.of("sh", "-s", "--",
                Shell.quote(tailLines()), follow ? "1" : "0",
                since == null ? "''" : Long.toString(since.getEpochSecond()),
                grep == null ? "''" : Shell.quote(grep)));
        files.forEach(f -> words.add(Shell.quote(f)));
        return String.join(" ", words);
    }

    /** The program {@code sh -s} reads on the host. */
    public byte[] remoteScript() {
        return Scripts.LOGS.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public String describe() {
        StringBuilder s = new StringBuilder(follow ? "follow " : "tail ").append(String.join(" ", files));
        if (grep != null) {
            s.append(" --grep ").append(grep);
        }
        if (since != null) {
            s.append(" --since ").append(since);
        }
        return s.toString();
    }
}
