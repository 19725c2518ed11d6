package dev.muster.probe.check;

import dev.muster.core.InputException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code --header Name:regex}: some value of the (case-insensitive) header must contain a match. */
public record HeaderMatch(String name, Pattern value) {

    public static HeaderMatch parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !text.substring(0, colon).trim().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw InputException.option("--header", "expected NAME:VALUE (e.g. Content-Type:json), found '"
                    + text + "'");
        }
        try {
            return new HeaderMatch(text.substring(0, colon).trim(), Pattern.compile(text.substring(colon + 1).trim()));
        } catch (PatternSyntaxException e) {
            throw InputException.option("--header", "bad regular expression in '" + text + "': "
                    + e.getDescription());
        }
    }

    /** Why {@code values} (the header's values, maybe none) do not match, or null when they do. */
    String mismatch(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "header " + name + " missing";
        }
        for (String v : values) {
            if (value.matcher(v).find()) {
                return null;
            }
        }
        return "header " + name + " does not match /" + value.pattern() + "/";
    }
}
