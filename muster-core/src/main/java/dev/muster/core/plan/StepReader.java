package dev.muster.core.plan;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Names;
import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads step lists (steps, rollback, handlers); include steps are expanded through the {@link PlanReader}. */
final class StepReader {
    static final List<String> COMMON_KEYS = List.of("name", "hosts", "register", "notify");
    private static final List<String> RUN_KEYS = List.of("sudo", "timeout", "changed_when", "creates");
    private static final List<String> SCRIPT_KEYS = List.of("args", "sudo", "timeout", "changed_when", "creates");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DEFAULT_APPROVE_TIMEOUT = Duration.ofHours(1);

    private final PlanReader plan;
    private final Problems problems;
    private final Map<String, Integer> registered = new HashMap<>();
    /** notify: entries, checked against the handlers once every file has been read. */
    final List<YamlNode.Scalar> notified = new ArrayList<>();

    /** True while reading switch steps, whose hosts need not be among the plan's targets. */
    private boolean switching;

    StepReader(PlanReader plan, Problems problems) {
        this.plan = plan;
        this.problems = problems;
    }

    List<PlanStep> steps(YamlNode node, String list, String item, PlanReader.PlanFile file) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.add(node.where(), list + " must be a list of steps, found " + node.describe());
            return List.of();
        }
        List<PlanStep> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            out.addAll(step(seq.items().get(i), item + " " + (i + 1), file));
        }
        return out;
    }

    /** The steps of a blue_green plan's {@code switch:}; each must say which hosts it runs on. */
    List<PlanStep> switchSteps(YamlNode node, PlanReader.PlanFile file) {
        switching = true;
        try {
            return steps(node, "switch", "switch step", file);
        } finally {
            switching = false;
        }
    }

    /** One step; an include becomes the included plan's steps. */
    List<PlanStep> step(YamlNode node, String label, PlanReader.PlanFile file) {
        YamlNode.Mapping m = problems.read(() -> YamlValues.mapping(node, label));
        if (m == null) {
            return List.of();
        }
        Map<String, YamlNode.Entry> e = m.entries();
        String name = e.containsKey("name") ? problems.read(() -> YamlValues.string(e.get("name").value(), "name")) : null;
        String what = name == null || name.isEmpty() ? label : label + " (" + name + ")";
        List<YamlNode.Entry> kinds = e.values().stream().filter(x -> StepKind.keys().contains(x.key())).toList();
        if (kinds.isEmpty()) {
            noKind(m, what);
            return List.of();
        }
        if (kinds.size() > 1) {
            problems.add(kinds.get(1).keyWhere(), what + " has more than one step kind: "
                    + String.join(", ", kinds.stream().map(YamlNode.Entry::key).toList()) + "; write one step each");
            return List.of();
        }
        StepKind kind = StepKind.of(kinds.getFirst().key());
        List<String> allowed = new ArrayList<>(COMMON_KEYS);
        allowed.add(kind.key());
        allowed.addAll(kind == StepKind.RUN ? RUN_KEYS : kind == StepKind.SCRIPT ? SCRIPT_KEYS : List.of());
        int before = problems.size();
        unknownKeys(m, what, kind, allowed);
        YamlNode value = kinds.getFirst().value();
        if (kind == StepKind.INCLUDE) {
            return plan.include(value, file);
        }
        if (switching && !e.containsKey("hosts")) {
            problems.add(m.where(), what + " needs 'hosts': where traffic is switched (e.g. \"@lb\")");
            return List.of();
        }
        HostSet hosts = switching ? plan.select(e.get("hosts").value(), what + " hosts")
                : e.containsKey("hosts") ? plan.subset(e.get("hosts").value(), what + " hosts")
                : plan.hosts() == null ? HostSet.empty() : plan.hosts();
        String register = e.containsKey("register") ? register(e.get("register").value(), m.where().line()) : null;
        List<String> notify = e.containsKey("notify") ? notify(e.get("notify"), kind, what) : List.of();
        PlanStep.Body body = body(kind, value, e, what, file);
        if (problems.size() > before || body == null || hosts == null) {
            return List.of();
        }
        String selector = e.containsKey("hosts") ? e.get("hosts").value().toJava().toString() : null;
        return List.of(new PlanStep(kind, name, selector, hosts, register, notify, body, file.source(),
                m.where().line()));
    }

    /** A step without a kind key: an unknown key is most likely a misspelt or unknown step kind. */
    private void noKind(YamlNode.Mapping m, String what) {
        List<YamlNode.Entry> unknown = m.entries().values().stream().filter(x -> !allKeys().contains(x.key())).toList();
        if (unknown.isEmpty()) {
            problems.add(m.where(), what + " needs one of " + String.join(", ", StepKind.keys()));
        }
        for (YamlNode.Entry entry : unknown) {
            String close = Names.suggestion(entry.key(), StepKind.keys());
            problems.add(entry.keyWhere(), "unknown step kind '" + entry.key() + "' in " + what
                    + (close.isEmpty() ? "; expected one of " + String.join(", ", StepKind.keys()) : close));
        }
    }

    private static List<String> allKeys() {
        Set<String> all = new LinkedHashSet<>(StepKind.keys());
        all.addAll(COMMON_KEYS);
        all.addAll(SCRIPT_KEYS);
        return List.copyOf(all);
    }

    private void unknownKeys(YamlNode.Mapping m, String what, StepKind kind, List<String> allowed) {
        for (YamlNode.Entry entry : m.entries().values()) {
            if (allowed.contains(entry.key())) {
                continue;
            }
            if (allKeys().contains(entry.key()) && !StepKind.keys().contains(entry.key())) {
                problems.add(entry.keyWhere(), "'" + entry.key() + "' is not allowed in a " + kind.key()
                        + " step; allowed: " + String.join(", ", allowed));
            } else {
                problems.add(entry.keyWhere(), Problems.unknownKey(entry.key(), what, allowed));
            }
        }
    }

    private PlanStep.Body body(StepKind kind, YamlNode value, Map<String, YamlNode.Entry> e, String what,
                               PlanReader.PlanFile file) {
        return switch (kind) {
            case RUN -> run(value, e, what);
            case SCRIPT -> script(value, e, what, file);
            case PUSH -> new PlanStep.Options(OptionSchema.PUSH.read(value, what + " push", problems));
            case TEMPLATE -> new PlanStep.Options(OptionSchema.TEMPLATE.read(value, what + " template", problems));
            case RELEASE -> new PlanStep.Options(OptionSchema.RELEASE.read(value, what + " release", problems));
            case CHECK -> new PlanStep.Options(OptionSchema.CHECK.read(value, what + " check", problems));
            case WAIT -> waitFor(value, what);
            case APPROVE -> approve(value, what);
            case INCLUDE -> throw new IllegalStateException("includes are expanded before");
        };
    }

    private PlanStep.Body run(YamlNode value, Map<String, YamlNode.Entry> e, String what) {
        String command = nonEmpty(value, what + " run", "a command");
        Common c = common(e, what);
        return command == null ? null : new PlanStep.Run(command, c.sudo, c.timeout, c.changedWhen, c.creates);
    }

    private PlanStep.Body script(YamlNode value, Map<String, YamlNode.Entry> e, String what, PlanReader.PlanFile file) {
        String path = nonEmpty(value, what + " script", "a local script file");
        if (path != null && !Files.isRegularFile(file.dir().resolve(path))) {
            problems.add(value.where(), "script file '" + path + "' not found (looked for " + file.dir().resolve(path) + ")");
        }
        List<String> args = e.containsKey("args") ? problems.read(() -> YamlValues.strings(e.get("args").value(), "args")
                .stream().map(s -> s.value().toString()).toList()) : List.of();
        Common c = common(e, what);
        return path == null || args == null ? null
                : new PlanStep.Script(path, args, c.sudo, c.timeout, c.changedWhen, c.creates);
    }

    private record Common(boolean sudo, Duration timeout, PlanStep.ChangedWhen changedWhen, String creates) {
    }

    private Common common(Map<String, YamlNode.Entry> e, String what) {
        Boolean sudo = e.containsKey("sudo")
                ? problems.read(() -> YamlValues.bool(e.get("sudo").value(), what + " sudo")) : null;
        Duration timeout = e.containsKey("timeout")
                ? problems.read(() -> YamlValues.duration(e.get("timeout").value(), what + " timeout")) : null;
        String creates = e.containsKey("creates")
                ? problems.read(() -> YamlValues.string(e.get("creates").value(), what + " creates")) : null;
        PlanStep.ChangedWhen changed = e.containsKey("changed_when") ? changedWhen(e.get("changed_when").value())
                : PlanStep.ChangedWhen.ALWAYS;
        return new Common(Boolean.TRUE.equals(sudo), timeout, changed, creates);
    }

    private PlanStep.ChangedWhen changedWhen(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return new PlanStep.ChangedWhen(b, null, null);
        }
        if (node instanceof YamlNode.Mapping m && m.entries().size() == 1
                && (m.entries().containsKey("stdout") || m.entries().containsKey("stderr"))) {
            YamlNode.Entry only = m.entries().values().iterator().next();
            Map<String, Object> checked = new HashMap<>();
            String regex = problems.read(() -> {
                String text = YamlValues.string(only.value(), "changed_when " + only.key());
                try {
                    Pattern.compile(text);
                } catch (java.util.regex.PatternSyntaxException x) {
                    throw only.value().where().error("changed_when " + only.key() + " is not a valid regular expression: "
                            + x.getDescription());
                }
                return text;
            });
            checked.put(only.key(), regex);
            return regex == null ? null : new PlanStep.ChangedWhen(null, (String) checked.get("stdout"),
                    (String) checked.get("stderr"));
        }
        problems.add(node.where(), "changed_when must be true, false, {stdout: REGEX} or {stderr: REGEX}, found "
                + node.describe());
        return null;
    }

    private PlanStep.Body waitFor(YamlNode value, String what) {
        if (value instanceof YamlNode.Mapping m) {
            problems.unknownKeys(m, what + " wait", List.of("until", "timeout"));
            if (!m.entries().containsKey("until")) {
                problems.add(m.where(), what + " wait needs 'until' (check options), or write a duration: wait: 30s");
                return null;
            }
            Map<String, Object> until = OptionSchema.CHECK.read(m.entries().get("until").value(), what + " wait until", problems);
            Duration timeout = m.entries().containsKey("timeout")
                    ? problems.read(() -> YamlValues.duration(m.entries().get("timeout").value(), "wait timeout"))
                    : DEFAULT_WAIT_TIMEOUT;
            return timeout == null ? null : new PlanStep.Wait(null, until, timeout);
        }
        Duration d = problems.read(() -> YamlValues.duration(value, what + " wait"));
        return d == null ? null : new PlanStep.Wait(d, null, null);
    }

    private PlanStep.Body approve(YamlNode value, String what) {
        if (value instanceof YamlNode.Mapping m) {
            problems.unknownKeys(m, what + " approve", List.of("message", "timeout"));
            String message = m.entries().containsKey("message")
                    ? problems.read(() -> YamlValues.string(m.entries().get("message").value(), "approve message")) : "";
            Duration timeout = m.entries().containsKey("timeout")
                    ? problems.read(() -> YamlValues.duration(m.entries().get("timeout").value(), "approve timeout"))
                    : DEFAULT_APPROVE_TIMEOUT;
            return message == null || timeout == null ? null : new PlanStep.Approve(message, timeout);
        }
        if (value instanceof YamlNode.Scalar s && s.value() == null) {
            return new PlanStep.Approve("", DEFAULT_APPROVE_TIMEOUT);
        }
        String message = problems.read(() -> YamlValues.string(value, what + " approve message"));
        return message == null ? null : new PlanStep.Approve(message, DEFAULT_APPROVE_TIMEOUT);
    }

    private String nonEmpty(YamlNode value, String what, String expected) {
        if (value instanceof YamlNode.Scalar s && s.value() instanceof String text && !text.isBlank()) {
            return text;
        }
        problems.add(value.where(), what + " must be " + expected + ", found " + value.describe());
        return null;
    }

    private String register(YamlNode node, int line) {
        String name = problems.read(() -> YamlValues.string(node, "register"));
        if (name == null) {
            return null;
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            problems.add(node.where(), "register must be a name of letters, digits and _ (not starting with a digit), found "
                    + node.describe());
            return null;
        }
        Integer first = registered.putIfAbsent(name, line);
        if (first != null) {
            problems.add(node.where(), "register name '" + name + "' is already used by the step at line " + first);
        }
        return name;
    }

    private List<String> notify(YamlNode.Entry entry, StepKind kind, String what) {
        if (!kind.canNotify()) {
            problems.add(entry.keyWhere(), "'notify' is only for steps that can change something (run, script, push, "
                    + "template, release), not " + kind.key());
            return List.of();
        }
        List<YamlNode.Scalar> names = problems.read(() -> YamlValues.strings(entry.value(), what + " notify"));
        if (names == null) {
            return List.of();
        }
        notified.addAll(names);
        return names.stream().map(s -> s.value().toString()).toList();
    }

    /** Reports notify: entries naming no handler, with close names. */
    void checkNotified(Set<String> handlers) {
        for (YamlNode.Scalar s : notified) {
            String name = s.value().toString();
            if (!handlers.contains(name)) {
                problems.add(s.where(), "no handler named '" + name + "'" + (handlers.isEmpty() ? " (the plan has no handlers)"
                        : Names.suggestion(name, handlers)));
            }
        }
    }
}
