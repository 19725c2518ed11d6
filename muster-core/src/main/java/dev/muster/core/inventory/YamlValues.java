package dev.muster.core.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads from YAML nodes; a wrong type is an InputException at the value saying what was expected. */
public final class YamlValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private YamlValues() {
    }

    /** A mapping; an empty value ({@code web01:}) counts as an empty mapping. */
    public static YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        if (node instanceof YamlNode.Scalar s && s.value() == null) {
            return new YamlNode.Mapping(s.where(), Map.of());
        }
        throw node.where().error(what + " must be a mapping, found " + node.describe());
    }

    static void allowKeys(YamlNode.Mapping mapping, String what, List<String> allowed) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!allowed.contains(entry.key())) {
                throw entry.keyWhere().error("unknown key '" + entry.key() + "' in " + what
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    public static String string(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && (s.value() instanceof String || s.value() instanceof Number)) {
            return s.value().toString();
        }
        throw node.where().error(what + " must be a string, found " + node.describe());
    }

    static int port(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s) {
            String text = String.valueOf(s.value());
            if (text.matches("\\d{1,5}")) {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            }
        }
        throw node.where().error(what + " must be an integer 1-65535, found " + node.describe());
    }

    /** Seconds as a number, or a string like 500ms, 10s, 2m, 1h. */
    public static Duration duration(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            Matcher m = DURATION.matcher(s.value().toString().strip());
            if (m.matches() && m.group(1).length() < 10) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            }
        }
        throw node.where().error(what + " must be a duration like 10s, 500ms or 2m, found " + node.describe());
    }

    public static boolean bool(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw node.where().error(what + " must be true or false, found " + node.describe());
    }

    /** A list of strings; a single string counts as a list of one. */
    public static List<YamlNode.Scalar> strings(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String) {
            return List.of(s);
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<YamlNode.Scalar> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (!(item instanceof YamlNode.Scalar s && s.value() instanceof String)) {
                    throw item.where().error(what + " entries must be strings, found " + item.describe());
                }
                out.add(s);
            }
            return out;
        }
        throw node.where().error(what + " must be a list of strings, found " + node.describe());
    }

    public static Map<String, String> labels(YamlNode node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping(node, what).entries().values()) {
            out.put(entry.key(), string(entry.value(), what + " value '" + entry.key() + "'"));
        }
        return out;
    }

    /** Variables; a value written {@code {secret: "xyz"}} is "xyz" and is recorded as secret. */
    static Map<String, Object> vars(YamlNode node, String what, Draft draft) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping(node, what).entries().values()) {
            YamlNode value = entry.value();
            if (value instanceof YamlNode.Mapping m && m.entries().size() == 1 && m.entries().containsKey("secret")) {
                String secret = string(m.entries().get("secret").value(), "secret value of '" + entry.key() + "'");
                draft.secretValues.add(secret);
                out.put(entry.key(), secret);
            } else {
                out.put(entry.key(), value.toJava());
            }
        }
        return out;
    }
}
