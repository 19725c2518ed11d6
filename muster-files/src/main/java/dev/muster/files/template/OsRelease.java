package dev.muster.files.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses os-release(5): {@code KEY=value} lines, values optionally quoted with shell escapes. */
final class OsRelease {
    private OsRelease() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (key.matches("[A-Za-z0-9_]+")) {
                out.put(key, unquote(line.substring(eq + 1).strip()));
            }
        }
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            StringBuilder b = new StringBuilder();
            String inner = value.substring(1, value.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length() && "\"\\$`".indexOf(inner.charAt(i + 1)) >= 0) {
                    c = inner.charAt(++i);
                }
                b.append(c);
            }
            return b.toString();
        }
        return value;
    }
}
