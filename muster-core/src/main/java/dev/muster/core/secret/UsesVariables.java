package dev.muster.core.secret;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step that reads variables by name (a template): before a run, the secrets under these names
 * are resolved, so a missing vault password or a failing secret command stops the run before any
 * host is contacted. Over-approximating is fine (a name in a comment resolves one secret too many);
 * missing one is not.
 */
public interface UsesVariables {
    /** Every name the step might read. */
    Set<String> variableNames();

    /** The identifiers written in {@code text}: the names a template or command could read. */
    static Set<String> words(String text) {
        Set<String> out = new java.util.HashSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
}
