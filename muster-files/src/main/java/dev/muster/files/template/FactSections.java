package dev.muster.files.template;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits the facts command's output at its {@code ::name::} markers and picks values out of sections. */
final class FactSections {
    private static final Pattern MARKER = Pattern.compile("::([a-z-]+)::");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private FactSections() {
    }

    static Map<String, StringBuilder> split(String output) {
        Map<String, StringBuilder> sections = new HashMap<>();
        StringBuilder current = null;
        for (String line : output.split("\r?\n", -1)) {
            Matcher marker = MARKER.matcher(line.strip());
            if (marker.matches()) {
                current = sections.computeIfAbsent(marker.group(1), k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return sections;
    }

    static String text(StringBuilder section) {
        return section == null ? "" : section.toString();
    }

    static String firstLine(StringBuilder section) {
        return text(section).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    static String firstWord(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? "" : stripped.split("\\s+")[0];
    }

    /** The word after {@code key} in {@code text}, e.g. the address after "src" in {@code ip route get}. */
    static String wordAfter(String text, String key) {
        String[] words = text.strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals(key)) {
                return words[i + 1];
            }
        }
        return "";
    }

    static long firstNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            return 0;
        }
        try {
            return Long.parseLong(m.group());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
