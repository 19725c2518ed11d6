package dev.muster.core.plan;

import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options a step kind implemented outside core (push, template, release, check) accepts:
 * names and types, which are required, which exclude each other. Core validates a plan's option
 * maps against these and hands the typed map to the module that runs the step.
 */
public final class OptionSchema {
    /** Option value types and what a valid value becomes in the map. */
    public enum Type {
        /** a string (a number is read as its text) → String */
        STRING,
        /** true or false → Boolean */
        BOOL,
        /** a whole number ≥ 0 → Integer */
        COUNT,
        /** 500ms, 10s, 2m, 1h or a number of seconds → Duration */
        DURATION,
        /** a string or a list of strings → List&lt;String&gt; */
        STRINGS,
        /** octal permissions written as a string, "0644" → String */
        MODE,
        /** a Java regular expression → String */
        REGEX,
        /** 64 hex digits → String (lower case) */
        SHA256
    }

    private static final Pattern MODE_TEXT = Pattern.compile("0?[0-7]{3,4}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    public static final OptionSchema PUSH = new OptionSchema("push")
            .required("src", Type.STRING).required("dest", Type.STRING).option("delete", Type.BOOL)
            .option("max_delete", Type.COUNT).option("exclude", Type.STRINGS).option("backup", Type.BOOL)
            .option("checksum", Type.BOOL).option("mode", Type.MODE).option("dir_mode", Type.MODE)
            .option("owner", Type.STRING).option("validate", Type.STRING);
    public static final OptionSchema TEMPLATE = new OptionSchema("template")
            .required("src", Type.STRING).required("dest", Type.STRING).option("mode", Type.MODE)
            .option("owner", Type.STRING).option("validate", Type.STRING).option("backup", Type.BOOL);
    public static final OptionSchema RELEASE = new OptionSchema("release")
            .required("artifact", Type.STRING).required("base", Type.STRING).option("id", Type.STRING)
            .option("keep", Type.COUNT).option("sha256", Type.SHA256).option("checksum_file", Type.STRING)
            .option("signature", Type.STRING).option("allowed_signers", Type.STRING)
            .option("signer", Type.STRING).option("namespace", Type.STRING).option("owner", Type.STRING)
            .option("build", Type.STRING).option("migrate", Type.STRING);
    public static final OptionSchema CHECK = new OptionSchema("check")
            .option("http", Type.STRING).option("tcp", Type.STRING).option("cmd", Type.STRING)
            .exactlyOne("http", "tcp", "cmd").option("method", Type.STRING).option("expect", Type.STRING)
            .option("body_matches", Type.REGEX).option("header", Type.STRINGS).choice("from", "controller", "host")
            .option("insecure", Type.BOOL).option("ca", Type.STRING).option("probe_timeout", Type.DURATION)
            .option("passing_after", Type.COUNT).option("critical_after", Type.COUNT)
            .option("interval", Type.DURATION).option("for", Type.DURATION);

    private final String kind;
    private final Map<String, Type> types = new LinkedHashMap<>();
    private final Map<String, List<String>> choices = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private final List<List<String>> exactlyOne = new ArrayList<>();

    private OptionSchema(String kind) {
        this.kind = kind;
    }

    private OptionSchema option(String name, Type type) {
        types.put(name, type);
        return this;
    }

    private OptionSchema required(String name, Type type) {
        required.add(name);
        return option(name, type);
    }

    private OptionSchema choice(String name, String... values) {
        choices.put(name, List.of(values));
        return option(name, Type.STRING);
    }

    private OptionSchema exactlyOne(String... names) {
        exactlyOne.add(List.of(names));
        return this;
    }

    /** Option names in declaration order. */
    public List<String> names() {
        return List.copyOf(types.keySet());
    }

    public Type type(String name) {
        return types.get(name);
    }

    /**
     * Reads and checks options written as a YAML mapping (for files other than plans, such as
     * inspections); every problem at once, with file:line:col, in one {@link dev.muster.core.InputException}.
     */
    public Map<String, Object> read(YamlNode node, String what) {
        Problems problems = new Problems();
        Map<String, Object> out = read(node, what, problems);
        problems.throwIfAny();
        return out;
    }

    /** Reads and checks {@code node} (a mapping), recording every problem; returns the typed options. */
    Map<String, Object> read(YamlNode node, String what, Problems problems) {
        YamlNode.Mapping mapping = problems.mapping(node, what, types.keySet());
        if (mapping == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries().values()) {
            Type type = types.get(entry.key());
            if (type != null) {
                Object value = problems.read(() -> value(entry, type, what));
                if (value != null) {
                    out.put(entry.key(), value);
                }
            }
        }
        for (String name : required) {
            if (!mapping.entries().containsKey(name)) {
                problems.add(node.where(), what + " needs '" + name + "'");
            }
        }
        for (List<String> group : exactlyOne) {
            long given = group.stream().filter(mapping.entries()::containsKey).count();
            if (given != 1) {
                problems.add(node.where(), what + " needs exactly one of " + String.join(", ", group)
                        + (given == 0 ? "" : ", found " + given));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private Object value(YamlNode.Entry entry, Type type, String what) {
        String name = what + " option '" + entry.key() + "'";
        YamlNode node = entry.value();
        List<String> allowed = choices.get(entry.key());
        if (allowed != null) {
            String text = YamlValues.string(node, name);
            if (!allowed.contains(text)) {
                throw node.where().error(name + " must be one of " + String.join(", ", allowed) + ", found " + node.describe());
            }
            return text;
        }
        return switch (type) {
            case STRING -> YamlValues.string(node, name);
            case BOOL -> YamlValues.bool(node, name);
            case DURATION -> YamlValues.duration(node, name);
            case STRINGS -> YamlValues.strings(node, name).stream().map(s -> s.value().toString()).toList();
            case COUNT -> count(node, name);
            case MODE -> matching(node, name, MODE_TEXT, "octal permissions written as a string like \"0644\"");
            case SHA256 -> matching(node, name, HEX64, "64 hex digits (a SHA-256)").toLowerCase(java.util.Locale.ROOT);
            case REGEX -> regex(node, name);
        };
    }

    static int count(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            long n = ((Number) s.value()).longValue();
            if (n >= 0 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        throw node.where().error(what + " must be a whole number 0 or more, found " + node.describe());
    }

    private static String matching(YamlNode node, String what, Pattern pattern, String expected) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String text && pattern.matcher(text).matches()) {
            return text;
        }
        throw node.where().error(what + " must be " + expected + ", found " + node.describe());
    }

    private static String regex(YamlNode node, String what) {
        String text = YamlValues.string(node, what);
        try {
            Pattern.compile(text);
            return text;
        } catch (PatternSyntaxException e) {
            throw node.where().error(what + " is not a valid regular expression: " + e.getDescription());
        }
    }

    @Override
    public String toString() {
        return kind + " options " + types.keySet();
    }
}
