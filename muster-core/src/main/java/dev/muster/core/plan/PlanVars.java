package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.step.Shell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{ name }}} and {@code {{ name.field }}} references in a plan's commands and options.
 *
 * <p>Options of push, template, release, check and wait steps take plan variables only (they are
 * the same on every host) and get the value as written. Commands of run steps may also name the
 * host's fields ({@code host.name}, {@code host.address}, {@code host.environment}), its inventory
 * variables and what earlier steps registered ({@code NAME.stdout}, {@code NAME.exit_code},
 * {@code NAME.changed}); there every value is shell-quoted, so a value can never become code.
 * Precedence, highest first: {@code -e}, registered output, plan vars, the host's variables.
 * An undefined name is an input error naming the plan file and line.
 */
public final class PlanVars {
    private static final Pattern REF = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*}}");
    /** {NAME} with single braces, not inside {{ }} and not the shell's ${NAME}. */
    private static final Pattern SINGLE =
            Pattern.compile("(?<![{$])\\{([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)}(?!})");

    private PlanVars() {
    }

    /** Whether {@code text} names any variable. */
    public static boolean hasRefs(String text) {
        return text != null && REF.matcher(text).find();
    }

    /** The names {@code text} refers to, in order ("version", "build.stdout"). */
    public static List<String> refs(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Replaces references with plan-level values, unquoted; for options. */
    public static String expand(String text, Map<String, Object> vars, PlanStep step) {
        return replace(text, name -> lookup(vars, name), step, false);
    }

    /** Options with every string (and string in a list) expanded. */
    public static Map<String, Object> expandOptions(Map<String, Object> options, Map<String, Object> vars, PlanStep step) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, expandValue(v, vars, step)));
        return out;
    }

    private static Object expandValue(Object v, Map<String, Object> vars, PlanStep step) {
        if (v instanceof String s) {
            return expand(s, vars, step);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(x -> expandValue(x, vars, step)).toList();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k.toString(), expandValue(x, vars, step)));
            return out;
        }
        return v;
    }

    /**
     * The scope of a command on {@code host}: its variables, the plan's, registered output and
     * {@code -e}, in rising precedence, and {@code host.*}.
     */
    public static Map<String, Object> hostScope(Host host, Map<String, Object> planVars, Map<String, Object> registered,
                                                Map<String, Object> extra) {
        Map<String, Object> scope = new LinkedHashMap<>(host.vars());
        scope.putAll(planVars);
        scope.putAll(registered);
        scope.putAll(extra);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", host.name());
        fields.put("address", host.address());
        fields.put("environment", host.environment() == null ? "" : host.environment());
        scope.put("host", fields);
        return scope;
    }

    /** Replaces references in a shell command with shell-quoted values from {@code scope}. */
    public static String command(String text, Map<String, Object> scope, PlanStep step) {
        return replace(text, name -> lookup(scope, name), step, true);
    }

    /** Reports every reference in {@code text} that {@code scope} cannot resolve, fields included. */
    public static void checkDefined(String text, Map<String, Object> scope, PlanStep step,
                                    List<InputException> problems) {
        for (String ref : refs(text)) {
            if (lookup(scope, ref) == null) {
                problems.add(undefined(ref, step));
            }
        }
    }

    /**
     * Reports {@code {name}}, {@code {address}}, {@code {env}} and {@code {VAR}} of a defined
     * variable written with single braces, as check URLs spell them: in a command they would reach
     * the host as written. {@code ${VAR}} (the shell's) and braces around anything else (awk
     * programs, find's {}) are left alone.
     */
    public static void checkSingleBraces(String text, Map<String, Object> scope, PlanStep step,
                                         List<InputException> problems) {
        Matcher m = SINGLE.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            String spelling = switch (name) {
                case "name", "address" -> "host." + name;
                case "env", "environment" -> "host.environment";
                default -> lookup(scope, name) != null ? name : null;
            };
            if (spelling != null) {
                problems.add(new InputException(step.source(), step.line(), 0, "step '" + step.describe() + "' writes {"
                        + name + "}: run commands take {{ " + spelling + " }} (single braces are for check URLs)"));
            }
        }
    }

    private static String replace(String text, Function<String, Object> lookup, PlanStep step, boolean quote) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = lookup.apply(m.group(1));
            if (value == null) {
                throw undefined(m.group(1), step);
            }
            String s = render(value);
            m.appendReplacement(out, Matcher.quoteReplacement(quote ? Shell.quote(s) : s));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static InputException undefined(String name, PlanStep step) {
        return new InputException(step.source(), step.line(), 0, "step '" + step.describe() + "' uses {{ " + name
                + " }}, which is not defined: set it in the plan's vars, with -e " + name + "=..., in the inventory, "
                + "or register it in an earlier step");
    }

    private static Object lookup(Map<String, Object> scope, String name) {
        Object value = scope;
        for (String part : name.split("\\.")) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    private static String render(Object value) {
        if (value instanceof dev.muster.core.secret.Secret secret) {
            return secret.value();
        }
        if (value instanceof Collection<?> c) {
            return String.join(" ", c.stream().map(PlanVars::render).toList());
        }
        return String.valueOf(dev.muster.core.secret.Secret.resolved(value));
    }
}
