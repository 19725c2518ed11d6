package dev.muster.probe.logs;

import dev.muster.core.InputException;
import dev.muster.core.step.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * A search run on every host: {@code grep} over the files the globs name there.
 *
 * @param pattern       an extended regex (grep -E), or a literal string with fixedStrings
 * @param globs         file globs, expanded on the host
 * @param ignoreCase    grep -i
 * @param fixedStrings  grep -F
 * @param maxCount      stop after this many matches per file (grep -m); 0 for no limit
 */
public record GrepQuery(String pattern, List<String> globs, boolean ignoreCase, boolean fixedStrings,
                        int maxCount) {

    public GrepQuery {
        globs = List.copyOf(globs);
        if (pattern == null || pattern.isEmpty()) {
            throw InputException.option("command line", "give a pattern to search for");
        }
        if (fixedStrings) {
            if (pattern.indexOf('\n') >= 0 || pattern.indexOf('\0') >= 0) {
                throw InputException.option("PATTERN", "a pattern cannot contain a newline");
            }
        } else {
            LogQuery.checkRegex("PATTERN", pattern);
        }
        if (globs.isEmpty()) {
            throw InputException.option("command line", "give at least one file or glob to search");
        }
        for (String g : globs) {
            if (g.isEmpty() || g.indexOf('\0') >= 0 || g.indexOf('\n') >= 0) {
                throw InputException.option("command line", "not a file glob: '" + g + "'");
            }
        }
        if (maxCount < 0) {
            throw InputException.option("--max-count", "must be 0 or more, found " + maxCount);
        }
    }

    /** The grep options, written into the script (never user text: the pattern is an argument). */
    String grepOptions() {
        List<String> o = new ArrayList<>();
        o.add(fixedStrings ? "-F" : "-E");
        if (ignoreCase) {
            o.add("-i");
        }
        if (maxCount > 0) {
            o.add("-m " + maxCount);
        }
        return String.join(" ", o);
    }

    /** The exact command line sent to the host: the pattern and globs are quoted arguments. */
    public String remoteCommand() {
        List<String> words = new ArrayList<>(List.of("sh", "-c",
                Shell.quote(Scripts.GREP.replace("@GREP_OPTIONS@", grepOptions())), "muster-grep", Shell.quote(pattern)));
        globs.forEach(g -> words.add(Shell.quote(g)));
        return String.join(" ", words);
    }

    public String describe() {
        return "grep " + (ignoreCase ? "-i " : "") + (fixedStrings ? "-F " : "") + pattern + " " + String.join(" ", globs);
    }
}
