package dev.muster.cli.command;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.muster.core.InputException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Defaults from {@code muster.yaml} ($MUSTER_CONFIG, else ./muster.yaml when present): keys are
 * the long names of the common options ({@code forks: 100}, {@code timeout: 5m},
 * {@code known-hosts: ~/.ssh/fleet_known_hosts}). The options are declared once, in
 * {@link CommonOptions}; this file only changes their defaults, which `--help` then shows.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    private final Map<String, String> values;
    private final Map<String, String> origins;

    private ConfigDefaults(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    private ConfigDefaults(Map<String, String> values) {
        this(values, Map.of());
    }

    /** The defaults in effect for a command seeing {@code env}: from the config file if there is one, else none. */
    public static ConfigDefaults load(Map<String, String> env) {
        String named = env.get("MUSTER_CONFIG");
        Path file = named != null && !named.isBlank() ? Path.of(named) : Path.of("muster.yaml");
        if (named == null && !Files.isRegularFile(file)) {
            return new ConfigDefaults(Map.of());
        }
        return read(file);
    }

    static ConfigDefaults read(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw InputException.in(source, "config file does not exist");
        }
        Set<String> known = optionNames();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new ConfigDefaults(Map.of());
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(source, p.currentTokenLocation(), "expected a mapping of option names to values");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                if (!known.contains(key)) {
                    throw error(source, at, "unknown option '" + key + "'; expected one of " + String.join(", ", known));
                }
                JsonToken value = p.nextToken();
                if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                    throw error(source, p.currentTokenLocation(), "'" + key + "' must be a single value");
                }
                values.put(key, expandHome(p.getText()));
                JsonLocation v = p.currentTokenLocation();
                origins.put(key, source + ":" + v.getLineNr() + ":" + v.getColumnNr());
            }
        } catch (IOException e) {
            throw InputException.in(source, "not valid YAML: " + e.getMessage(), e);
        }
        return new ConfigDefaults(values, origins);
    }

    /**
     * "FILE:LINE:COL" of the value this file gave {@code arg}, when {@code message} (a picocli
     * complaint) is about that value; else null (the value was typed on the command line).
     */
    public String origin(ArgSpec arg, String message) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^--", "");
        String value = values.get(key);
        return value != null && message != null && message.contains("'" + value + "'") ? origins.get(key) : null;
    }

    /** A shell would expand ~ on the command line; do the same for paths written in the file. */
    static String expandHome(String value) {
        return value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
    }

    private static InputException error(String source, JsonLocation at, String message) {
        return new InputException(source, at.getLineNr(), at.getColumnNr(), message);
    }

    /** Long names (without dashes) of the common options that take one value. */
    static Set<String> optionNames() {
        Set<String> names = new TreeSet<>();
        for (Field f : CommonOptions.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            Class<?> type = f.getType();
            if (o != null && type != boolean.class && !java.util.Collection.class.isAssignableFrom(type)
                    && !Map.class.isAssignableFrom(type)) {
                Arrays.stream(o.names()).filter(n -> n.startsWith("--")).forEach(n -> names.add(n.substring(2)));
            }
        }
        return names;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return values.get(option.longestName().replaceFirst("^--", ""));
        }
        return null;
    }
}
