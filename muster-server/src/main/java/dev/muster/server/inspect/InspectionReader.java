package dev.muster.server.inspect;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Selector;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlTree;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.plan.OptionSchema;
import dev.muster.probe.check.CheckOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an inspection file into a validated {@link Inspection}. Like plans, reading goes on after
 * a problem and every problem is reported at once, each with file:line:col, in one
 * {@link InputException} (exit code 2); nothing is run after one.
 */
public final class InspectionReader {
    static final List<String> ROOT_KEYS = List.of("kind", "name", "targets", "timeout", "checks");
    static final List<String> KINDS = List.of("health", "metric", "service", "log");
    private static final Map<String, List<String>> KEYS = Map.of(
            "health", List.of("health", "name"),
            "metric", List.of("metric", "name", "mount", "warn", "fail"),
            "service", List.of("service", "name"),
            "log", List.of("log", "name", "pattern", "warn", "fail"));

    private final List<InputException> problems = new ArrayList<>();
    private final Path dir;

    private InspectionReader(Path dir) {
        this.dir = dir;
    }

    public static Inspection read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the inspection: " + e.getMessage());
        }
        return read(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /**
     * Whether a file that is either a plan or an inspection is the inspection: it says
     * {@code kind: inspection}, or has the shape of one (checks and no steps). A file that does
     * not parse as YAML counts as a plan, whose reader then reports the problem.
     */
    public static boolean isInspection(String source, String text) {
        YamlNode root;
        try {
            root = YamlTree.read(source, text);
        } catch (InputException e) {
            return false;
        }
        if (!(root instanceof YamlNode.Mapping m)) {
            return false;
        }
        YamlNode.Entry kind = m.entries().get("kind");
        if (kind != null) {
            return kind.value() instanceof YamlNode.Scalar k && "inspection".equals(String.valueOf(k.value()));
        }
        return m.entries().containsKey("checks") && !m.entries().containsKey("steps");
    }

    /** @param dir where relative paths in health checks (a CA file) start from */
    public static Inspection read(String source, String text, Path dir) {
        return new InspectionReader(dir).top(source, text);
    }

    private Inspection top(String source, String text) {
        YamlNode root = YamlTree.read(source, text);
        if (root == null) {
            throw new InputException(source, 1, 1, "the inspection is empty: it needs name, targets and checks");
        }
        YamlNode.Mapping top = attempt(() -> YamlValues.mapping(root, "the inspection"));
        if (top == null) {
            throwIfAny();
        }
        unknownKeys(top, "the inspection", ROOT_KEYS);
        Map<String, YamlNode.Entry> e = top.entries();
        if (e.containsKey("kind")) {
            String kind = attempt(() -> YamlValues.string(e.get("kind").value(), "kind"));
            if (kind != null && !kind.equals("inspection")) {
                add(e.get("kind").value().where(), "kind must be 'inspection', found \"" + kind + "\"");
            }
        }
        String name = required(top, "name") ? attempt(() -> YamlValues.string(e.get("name").value(), "name")) : null;
        String targets = required(top, "targets") ? targets(e.get("targets").value()) : null;
        Duration timeout = e.containsKey("timeout")
                ? attempt(() -> YamlValues.duration(e.get("timeout").value(), "timeout")) : null;
        List<InspectionCheck> checks = required(top, "checks") ? checks(e.get("checks").value()) : List.of();
        throwIfAny();
        return new Inspection(name, source, targets, timeout == null ? Inspection.DEFAULT_HOST_TIMEOUT : timeout,
                checks);
    }

    private String targets(YamlNode node) {
        String text = attempt(() -> YamlValues.string(node, "targets"));
        if (text == null) {
            return null;
        }
        try {
            Selector.parse(text);
        } catch (InputException bad) {
            // the selector's column counts inside the string; point at the string in the file
            Where at = node.where();
            add(new Where(at.source(), at.line(), at.textColumn() + Math.max(bad.column(), 1) - 1),
                    "bad selector: " + bad.getMessage().replaceFirst("^selector:\\d+:\\d+: ", ""));
        }
        return text;
    }

    private List<InspectionCheck> checks(YamlNode node) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            add(node.where(), "checks must be a non-empty list of checks (health, metric, service, log), found "
                    + node.describe());
            return List.of();
        }
        List<InspectionCheck> out = new ArrayList<>();
        Map<String, Where> names = new HashMap<>();
        for (YamlNode item : seq.items()) {
            InspectionCheck check = check(item);
            if (check == null) {
                continue;
            }
            Where first = names.putIfAbsent(check.name(), item.where());
            if (first != null) {
                add(item.where(), "two checks are named '" + check.name() + "' (first at line " + first.line()
                        + "); give one a different 'name'");
            } else {
                out.add(check);
            }
        }
        return out;
    }

    private InspectionCheck check(YamlNode item) {
        YamlNode.Mapping m = attempt(() -> YamlValues.mapping(item, "a check"));
        if (m == null) {
            return null;
        }
        List<String> kinds = KINDS.stream().filter(m.entries()::containsKey).toList();
        if (kinds.size() != 1) {
            add(m.where(), "a check needs exactly one of " + String.join(", ", KINDS)
                    + (kinds.isEmpty() ? "" : ", found " + String.join(" and ", kinds)));
            return null;
        }
        String kind = kinds.getFirst();
        int before = problems.size();
        unknownKeys(m, "a " + kind + " check", KEYS.get(kind));
        Map<String, YamlNode.Entry> e = m.entries();
        String name = e.containsKey("name") ? attempt(() -> YamlValues.string(e.get("name").value(), "name")) : null;
        InspectionCheck check = switch (kind) {
            case "health" -> health(e.get("health").value(), name);
            case "metric" -> metric(m, name);
            case "service" -> service(e.get("service").value(), name);
            default -> log(m, name);
        };
        return problems.size() == before ? check : null;
    }

    private InspectionCheck health(YamlNode node, String name) {
        Map<String, Object> options = attempt(() -> OptionSchema.CHECK.read(node, "health check"));
        if (options == null || options.isEmpty()) {
            return null;
        }
        CheckOptions check = CheckOptions.of(options, dir);
        String target = check.http() != null ? check.http() : check.tcp() != null ? "tcp " + check.tcp()
                : "cmd " + check.cmd();
        return new InspectionCheck.Health(name != null ? name : "health " + target, check);
    }

    private InspectionCheck metric(YamlNode.Mapping m, String name) {
        YamlNode node = m.entries().get("metric").value();
        String key = attempt(() -> YamlValues.string(node, "metric"));
        HostMetric metric = key == null ? null : HostMetric.byKey(key);
        if (key != null && metric == null) {
            add(node.where(), "unknown metric '" + key + "'; known: " + String.join(", ", HostMetric.keys()));
        }
        YamlNode.Entry mountEntry = m.entries().get("mount");
        String mount = mountEntry == null ? null : attempt(() -> YamlValues.string(mountEntry.value(), "mount"));
        if (metric != null && mountEntry != null && !metric.perMount()) {
            add(mountEntry.keyWhere(), "'mount' is only for disk_used_percent and inodes_used_percent");
        }
        if (mount != null && !mount.startsWith("/")) {
            add(mountEntry.value().where(), "mount must be an absolute path like /var, found \"" + mount + "\"");
        }
        Limits limits = limits(m);
        if (metric == null || limits == null) {
            return null;
        }
        String at = metric.perMount() ? (mount == null ? "/" : mount) : null;
        return new InspectionCheck.Metric(name != null ? name : metric.key() + (at == null ? "" : " " + at), metric,
                at, limits);
    }

    private InspectionCheck service(YamlNode node, String name) {
        String service = attempt(() -> YamlValues.string(node, "service"));
        if (service != null && !service.matches("[A-Za-z0-9@._:-]+")) {
            add(node.where(), "service must be a unit name like nginx or app@1.service, found \"" + service + "\"");
            return null;
        }
        return service == null ? null : new InspectionCheck.Service(name != null ? name : "service " + service,
                service);
    }

    private InspectionCheck log(YamlNode.Mapping m, String name) {
        String path = attempt(() -> YamlValues.string(m.entries().get("log").value(), "log"));
        String pattern = null;
        YamlNode.Entry p = m.entries().get("pattern");
        if (p == null) {
            add(m.where(), "a log check needs 'pattern', an extended regular expression like \"ERROR|FATAL\"");
        } else {
            pattern = attempt(() -> YamlValues.string(p.value(), "pattern"));
            if (pattern != null) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException bad) {
                    add(p.value().where(), "bad regular expression: " + bad.getDescription());
                }
            }
        }
        Limits limits = limits(m);
        if (path == null || pattern == null || limits == null) {
            return null;
        }
        return new InspectionCheck.Log(name != null ? name : "log " + path, path, pattern, limits);
    }

    private Limits limits(YamlNode.Mapping m) {
        Double warn = number(m, "warn");
        Double fail = number(m, "fail");
        if (!m.entries().containsKey("warn") && !m.entries().containsKey("fail")) {
            add(m.where(), "give 'warn', 'fail' or both: the limits at which this check warns and fails");
            return null;
        }
        if (warn != null && fail != null && warn > fail) {
            add(m.entries().get("warn").value().where(), "warn (" + Numbers.text(warn)
                    + ") must not be above fail (" + Numbers.text(fail) + ")");
            return null;
        }
        return warn == null && fail == null ? null : new Limits(warn, fail);
    }

    private Double number(YamlNode.Mapping m, String key) {
        YamlNode.Entry e = m.entries().get(key);
        if (e == null) {
            return null;
        }
        if (e.value() instanceof YamlNode.Scalar s && s.value() instanceof Number n && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        add(e.value().where(), key + " must be a number, 0 or more, found " + e.value().describe());
        return null;
    }

    private boolean required(YamlNode.Mapping top, String key) {
        if (top.entries().containsKey(key)) {
            return true;
        }
        add(top.where(), "the inspection needs '" + key + "'");
        return false;
    }

    private void unknownKeys(YamlNode.Mapping mapping, String what, List<String> allowed) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            if (!allowed.contains(entry.key())) {
                add(entry.keyWhere(), "unknown key '" + entry.key() + "' in " + what + "; allowed: "
                        + String.join(", ", allowed));
            }
        }
    }

    private <T> T attempt(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private void add(Where where, String message) {
        problems.add(where.error(message));
    }

    private void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        List<InputException> sorted = problems.stream().sorted(Comparator.comparingInt(InputException::line)
                .thenComparingInt(InputException::column)).toList();
        throw sorted.size() == 1 ? sorted.getFirst() : new InputException(sorted);
    }
}
