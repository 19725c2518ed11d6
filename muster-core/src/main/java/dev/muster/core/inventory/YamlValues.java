package dev.muster.core.inventory;

import dev.muster.core.secret.Secret;
import dev.muster.core.secret.SecretSource;
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

    /**
     * Variables. A value tagged {@code !vault} (at any depth) is a secret decrypted when first used;
     * {@code {secret: "xyz"}} is "xyz", recorded as secret; {@code {secret: {env: NAME}}},
     * {@code {secret: {file: PATH}}} and {@code {secret: {command: CMD}}} are secrets resolved when
     * first used.
     */
    static Map<String, Object> vars(YamlNode node, String what, Draft draft) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping(node, what).entries().values()) {
            Object value = value(entry.key(), entry.value(), draft);
            draft.noteValue(entry.key(), value);
            out.put(entry.key(), value);
        }
        return out;
    }

    private static final List<String> SOURCES = List.of("env", "file", "command");

    /**
     * Variables outside an inventory (a plan's {@code vars}, a vars file), read as inventory
     * variables are: {@code !vault} values and secret sources become secrets of {@code resolver};
     * clear {@code {secret: "..."}} values, and every string value when {@code encrypted} (the
     * whole file was vault data), become known secrets so every redactor masks them.
     *
     * @param baseDir where relative secret file paths start
     */
    public static Map<String, Object> variables(YamlNode node, String what, dev.muster.core.secret.SecretResolver resolver,
                                                java.nio.file.Path baseDir, boolean encrypted) {
        Draft draft = new Draft(resolver);
        draft.baseDir = baseDir;
        draft.encryptedFile = encrypted;
        Map<String, Object> vars = vars(node, what, draft);
        draft.secretValues.forEach(resolver.known()::add);
        return vars;
    }

    /** A variable's value, with vault text and secret sources turned into secrets. */
    static Object value(String name, YamlNode value, Draft draft) {
        return switch (value) {
            case YamlNode.Vault v -> new Secret(name, new SecretSource.VaultText(v.text(), v.where()), draft.secrets);
            case YamlNode.Mapping m when m.entries().size() == 1 && m.entries().containsKey("secret") ->
                    secret(name, m.entries().get("secret").value(), draft);
            case YamlNode.Mapping m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, value(name + "." + k, e.value(), draft)));
                yield out;
            }
            case YamlNode.Sequence seq -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    out.add(value(name + "[" + i + "]", seq.items().get(i), draft));
                }
                yield out;
            }
            case YamlNode.Scalar s -> s.value();
        };
    }

    private static Object secret(String name, YamlNode body, Draft draft) {
        if (body instanceof YamlNode.Vault v) {
            return new Secret(name, new SecretSource.VaultText(v.text(), v.where()), draft.secrets);
        }
        if (body instanceof YamlNode.Mapping m) {
            allowKeys(m, "the secret source of '" + name + "'", SOURCES);
            if (m.entries().size() != 1) {
                throw m.where().error("the secret source of '" + name + "' must be exactly one of env, file, command");
            }
            YamlNode.Entry e = m.entries().values().iterator().next();
            String text = string(e.value(), e.key() + " of secret '" + name + "'");
            if (text.isBlank()) {
                throw e.value().where().error(e.key() + " of secret '" + name + "' is empty");
            }
            SecretSource source = switch (e.key()) {
                case "env" -> new SecretSource.Env(text, e.value().where());
                case "file" -> new SecretSource.File(file(text, draft), e.value().where());
                default -> new SecretSource.Command(text, e.value().where());
            };
            return new Secret(name, source, draft.secrets);
        }
        String clear = string(body, "secret value of '" + name + "'");
        draft.secretValues.add(clear);
        return clear;
    }

    /** A secret file path: ~ is the home directory; relative paths are relative to the file naming them. */
    private static java.nio.file.Path file(String text, Draft draft) {
        if (text.startsWith("~/")) {
            return java.nio.file.Path.of(System.getProperty("user.home"), text.substring(2));
        }
        java.nio.file.Path path = java.nio.file.Path.of(text);
        return path.isAbsolute() || draft.baseDir == null ? path : draft.baseDir.resolve(path).normalize();
    }
}
