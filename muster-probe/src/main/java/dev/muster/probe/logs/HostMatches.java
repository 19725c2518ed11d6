package dev.muster.probe.logs;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a search found on one host, read from its outcome (grep -H -n -Z output and the markers
 * grep.sh writes on stderr).
 *
 * @param host          the host
 * @param state         matched, no match, failed or unreachable
 * @param filesSearched how many files the globs named there
 * @param matches       the matching lines, in grep's order
 * @param errors        what went wrong (globs matching no file, grep's own messages), or empty
 * @param message       the outcome's one-line message (unreachable, exit code), or empty
 */
public record HostMatches(String host, State state, int filesSearched, List<Match> matches, List<String> errors,
                          String message) {

    public enum State {
        MATCHED, NO_MATCH, FAILED, UNREACHABLE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public HostMatches {
        matches = List.copyOf(matches);
        errors = List.copyOf(errors);
    }

    /** Files that had at least one match. */
    public int filesMatched() {
        Set<String> files = new LinkedHashSet<>();
        matches.forEach(m -> files.add(m.file()));
        return files.size();
    }

    public boolean failed() {
        return state == State.FAILED || state == State.UNREACHABLE;
    }

    public static HostMatches from(Outcome o) {
        List<Match> matches = new ArrayList<>();
        for (String line : o.stdout().split("\n")) {
            Match m = parseLine(line);
            if (m != null) {
                matches.add(m);
            }
        }
        int files = 0;
        List<String> errors = new ArrayList<>();
        for (String line : o.stderr().split("\n")) {
            if (line.startsWith("muster-grep:files:")) {
                files = parseInt(line.substring("muster-grep:files:".length()));
            } else if (line.startsWith("muster-grep:no-file:")) {
                errors.add("no file matches " + line.substring("muster-grep:no-file:".length()));
            } else if (!line.isBlank()) {
                errors.add(line);
            }
        }
        State state;
        if (o.status() == Status.UNREACHABLE) {
            state = State.UNREACHABLE;
        } else if (!o.success()) {
            state = State.FAILED;
        } else {
            state = matches.isEmpty() ? State.NO_MATCH : State.MATCHED;
        }
        return new HostMatches(o.host(), state, files, matches, errors, o.message());
    }

    /** "FILE\0LINE:TEXT"; null for anything else (e.g. a line cut by the output limit). */
    static Match parseLine(String line) {
        int nul = line.indexOf('\0');
        if (nul < 0) {
            return null;
        }
        int colon = line.indexOf(':', nul + 1);
        if (colon < 0) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(line.substring(nul + 1, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        String text = line.substring(colon + 1);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return new Match(line.substring(0, nul), number, text);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
