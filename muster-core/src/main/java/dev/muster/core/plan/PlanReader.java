package dev.muster.core.plan;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.Names;
import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.Selector;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlTree;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.secret.VaultFiles;
import dev.muster.core.strategy.StrategySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan file into a validated {@link Plan}, checking its selectors against an inventory.
 * Reading does not stop at the first problem: every problem found is reported at once, each with
 * file:line:col and what was expected, in one {@link InputException} (exit code 2).
 */
public final class PlanReader {
    static final List<String> ROOT_KEYS =
            List.of("name", "targets", "environment", "vars", "vars_files", "steps", "strategy", "gates", "handlers",
                    "rollback", "switch", "resume", "groups", "windows", "on_group_failure");
    static final List<String> INCLUDED_KEYS = List.of("name", "steps", "handlers");

    /** A file being read: its name in messages, and the directory its relative paths start from. */
    record PlanFile(String source, Path path, Path dir) {
        static PlanFile of(Path path) {
            Path dir = path.toAbsolutePath().getParent();
            return new PlanFile(path.toString(), path.toAbsolutePath().normalize(), dir);
        }
    }

    /** Null when the plan is read without one: selectors are then parsed but not evaluated. */
    private final Inventory inventory;
    private final Problems problems = new Problems();
    private final StepReader steps = new StepReader(this, problems);
    private final List<PlanFile> chain = new ArrayList<>();
    private final Map<String, PlanStep> handlers = new LinkedHashMap<>();
    /** Every handler name written, valid or not, so a bad handler does not also make its notifiers wrong. */
    private final Map<String, String> handlerNames = new LinkedHashMap<>();
    private HostSet hosts;
    /** Every window name the plan declares, valid or not. */
    private final java.util.Set<String> planWindowNames = new java.util.HashSet<>();

    private PlanReader(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Reads and validates the plan in {@code file}; throws an {@link InputException} listing every problem. */
    public static Plan read(Path file, Inventory inventory) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the plan: " + describe(e));
        }
        text = VaultFiles.text(file.toString(), text, inventory.secrets().keys());  // a plan may be vault-encrypted whole
        return new PlanReader(inventory).readTop(PlanFile.of(file), text);
    }

    /**
     * Reads and validates the plan in {@code file} with no inventory at hand: everything is checked
     * but what needs hosts (selectors are parsed, not evaluated; environments are not looked up),
     * and every step's hosts are empty. For a syntax check when the inventory cannot be read.
     */
    public static Plan readUnresolved(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the plan: " + describe(e));
        }
        return new PlanReader(null).readTop(PlanFile.of(file), text);
    }

    private Plan readTop(PlanFile file, String text) {
        chain.add(file);
        YamlNode.Mapping top = mapping(file, text, "the plan");
        if (top == null) {
            problems.throwIfAny();
            throw new InputException(file.source(), 1, 1, "the plan is empty: it needs name, targets and steps");
        }
        problems.unknownKeys(top, "the plan", ROOT_KEYS);
        Map<String, YamlNode.Entry> e = top.entries();
        String name = required(top, "name") ? problems.read(() -> YamlValues.string(e.get("name").value(), "name")) : null;
        String environment = e.containsKey("environment") ? environment(e.get("environment").value()) : null;
        String targets = null;
        Map<String, dev.muster.core.window.Window> windows = e.containsKey("windows")
                ? planWindows(e.get("windows").value()) : new LinkedHashMap<>();
        List<Group> groups = List.of();
        if (e.containsKey("groups")) {
            for (String key : List.of("targets", "strategy", "gates", "switch")) {
                if (e.containsKey(key)) {
                    problems.add(e.get(key).keyWhere(), "'" + key + "' does not go with 'groups': each group has its "
                            + "own targets, strategy and gates");
                }
            }
            Map<String, dev.muster.core.window.Window> usable = new LinkedHashMap<>(windows);
            if (inventory != null) {
                inventory.windows().forEach(usable::putIfAbsent);
            }
            groups = new GroupReader(problems, (node, what) -> targets(node, environment, what), this::select)
                    .read(e.get("groups").value(), usable, w -> inventory == null || planWindowNames.contains(w));
            for (Group g : groups) {
                if (g.window() != null && !windows.containsKey(g.window()) && usable.containsKey(g.window())) {
                    windows.put(g.window(), usable.get(g.window())); // an inventory window this plan uses
                }
            }
            hosts = HostSet.of(groups.stream().flatMap(g -> g.hosts().names().stream()).toList());
            targets = String.join(",", groups.stream().map(Group::targets).toList());
        } else if (required(top, "targets")) {
            YamlNode node = e.get("targets").value();
            targets = problems.read(() -> YamlValues.string(node, "targets"));
            hosts = targets == null ? null : targets(node, environment, "targets");
        }
        if (e.containsKey("windows") && !e.containsKey("groups")) {
            problems.add(e.get("windows").keyWhere(), "'windows' is for plans with 'groups': a group names the window "
                    + "that gates it");
        }
        String onGroupFailure = e.containsKey("on_group_failure") ? onGroupFailure(e.get("on_group_failure")) : "stop";
        Map<String, Object> vars = new LinkedHashMap<>(e.containsKey("vars") ? vars(e.get("vars").value(), file) : Map.of());
        if (e.containsKey("vars_files")) {
            vars.putAll(varsFiles(e.get("vars_files").value(), file));
        }
        if (e.containsKey("handlers")) {
            handlers(e.get("handlers").value(), file);
        }
        List<PlanStep> planSteps = required(top, "steps") ? nonEmptySteps(e.get("steps").value(), file) : List.of();
        StrategySpec strategy = e.containsKey("strategy")
                ? new StrategyReader(problems, this::select).read(e.get("strategy").value()) : StrategySpec.all();
        List<Plan.GateSpec> gates = e.containsKey("gates") ? GateReader.gates(e.get("gates").value(), problems) : List.of();
        List<PlanStep> rollback = e.containsKey("rollback") ? steps.steps(e.get("rollback").value(), "rollback", "rollback step", file)
                : List.of();
        List<PlanStep> switchSteps = e.containsKey("switch") ? switchSteps(e.get("switch"), strategy, file) : List.of();
        if (strategy != null && strategy.kind() == StrategySpec.Kind.BLUE_GREEN && !e.containsKey("switch")) {
            problems.add(top.where(), "a blue_green plan needs 'switch': the steps that move traffic to the newly "
                    + "deployed colour (e.g. render the balancer's upstreams and reload it)");
        }
        boolean resumeAuto = e.containsKey("resume") && resume(e.get("resume"));
        steps.checkNotified(handlerNames.keySet());
        problems.throwIfAny();
        return new Plan(name, file.source(), targets, hosts, environment, vars, planSteps, strategy, gates, handlers,
                rollback, switchSteps, resumeAuto, groups, windows, onGroupFailure);
    }

    /**
     * The plan's own {@code windows:}. One with the name of an inventory window is refused: a group's
     * {@code window: NAME} would otherwise mean two windows, and which one wins would be a guess.
     */
    private Map<String, dev.muster.core.window.Window> planWindows(YamlNode node) {
        dev.muster.core.window.WindowReader.Read read = dev.muster.core.window.WindowReader.read(node);
        read.problems().forEach(problems::add);
        planWindowNames.addAll(read.declared().keySet());
        if (inventory != null) {
            read.declared().forEach((name, where) -> inventory.windowDeclared(name).ifPresent(other ->
                    problems.add(where, "window " + name + " is declared both in the plan and in the inventory (at "
                            + other.source() + ":" + other.line() + ":" + other.column() + "): rename one of them, "
                            + "or drop the plan's to use the inventory's")));
        }
        return new LinkedHashMap<>(read.windows());
    }

    /** {@code on_group_failure}: {@code stop} (the default) or {@code rollback}. */
    private String onGroupFailure(YamlNode.Entry entry) {
        String value = problems.read(() -> YamlValues.string(entry.value(), "on_group_failure"));
        if (value != null && !value.equals("stop") && !value.equals("rollback")) {
            problems.add(entry.value().where(), "on_group_failure must be stop or rollback, found " + entry.value().describe());
        }
        return value == null ? "stop" : value;
    }

    /**
     * {@code resume: auto}: a server run of this plan whose controller died is continued by another
     * controller by itself; {@code manual} (the default): it waits for someone to resume it.
     */
    private boolean resume(YamlNode.Entry entry) {
        String value = problems.read(() -> YamlValues.string(entry.value(), "resume"));
        if (value == null || value.equals("manual")) {
            return false;
        }
        if (!value.equals("auto")) {
            problems.add(entry.value().where(), "resume must be auto or manual, found \"" + value + "\"");
        }
        return value.equals("auto");
    }

    /** {@code switch:} steps run on hosts of their own (the balancers), so their hosts are any of the inventory's. */
    private List<PlanStep> switchSteps(YamlNode.Entry entry, StrategySpec strategy, PlanFile file) {
        if (strategy == null) {
            return List.of();
        }
        if (strategy.kind() != StrategySpec.Kind.BLUE_GREEN) {
            problems.add(entry.keyWhere(), "'switch' is only for a blue_green strategy, not " + strategy.kind().key());
            return List.of();
        }
        List<PlanStep> out = steps.switchSteps(entry.value(), file);
        if (entry.value() instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
            problems.add(entry.value().where(), "switch is empty: it needs the steps that move traffic");
        }
        return out;
    }

    private YamlNode.Mapping mapping(PlanFile file, String text, String what) {
        problems.reading(file.source());
        YamlNode root = problems.read(() -> YamlTree.read(file.source(), text));
        if (root == null) {
            return null;
        }
        return problems.read(() -> YamlValues.mapping(root, what));
    }

    private boolean required(YamlNode.Mapping m, String key) {
        if (m.entries().containsKey(key)) {
            return true;
        }
        problems.add(m.where(), "the plan needs '" + key + "'");
        return false;
    }

    private List<PlanStep> nonEmptySteps(YamlNode node, PlanFile file) {
        if (node instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
            problems.add(node.where(), "steps is empty: a plan needs at least one step");
        }
        return steps.steps(node, "steps", "step", file);
    }

    /** The hosts of the plan, filled in once targets are read; null when targets are bad. */
    HostSet hosts() {
        return hosts;
    }

    private String environment(YamlNode node) {
        String env = problems.read(() -> YamlValues.string(node, "environment"));
        if (env != null && inventory != null && !inventory.environments().contains(env)) {
            problems.add(node.where(), "no environment named '" + env + "' in the inventory"
                    + (inventory.environments().isEmpty() ? " (it declares none)" : Names.suggestion(env, inventory.environments())));
            return null;
        }
        return env;
    }

    private HostSet targets(YamlNode node, String environment, String what) {
        HostSet selected = select(node, what);
        if (selected == null || environment == null || inventory == null) {
            return selected;
        }
        HostSet inEnv = HostSet.of(inventory.hosts(selected).stream()
                .filter(h -> environment.equals(h.environment())).map(Host::name).toList());
        if (inEnv.isEmpty()) {
            problems.add(node.where(), what + " " + node.describe() + " match no host in environment '" + environment + "'");
            return null;
        }
        return inEnv;
    }

    /** A step's {@code hosts:}: its selection within the plan's hosts, or null (recorded) when bad or empty. */
    HostSet subset(YamlNode node, String what) {
        HostSet selected = select(node, what);
        if (selected == null || hosts == null || inventory == null) {
            return selected;
        }
        HostSet within = selected.intersect(hosts);
        if (within.isEmpty()) {
            problems.add(node.where(), what + " " + node.describe() + " match none of the plan's hosts (" + hosts.fold() + ")");
            return null;
        }
        return within;
    }

    /** Evaluates a selector written in the plan; its errors point into the plan file. */
    HostSet select(YamlNode node, String what) {
        String text = problems.read(() -> YamlValues.string(node, what));
        if (text == null) {
            return null;
        }
        try {
            Selector selector = Selector.parse(text);
            if (inventory == null) {
                return HostSet.empty(); // its syntax is all that can be checked
            }
            HostSet set = selector.evaluate(inventory);
            if (set.isEmpty()) {
                problems.add(node.where(), what + " " + node.describe() + " match no host in the inventory");
                return null;
            }
            return set;
        } catch (InputException e) {
            problems.add(Selectors.relocate(e, node, what));
            return null;
        }
    }

    /** {@code vars:}, read as inventory variables are ({@code !vault}, secret sources). */
    private Map<String, Object> vars(YamlNode node, PlanFile file) {
        Map<String, Object> vars = problems.read(() -> YamlValues.variables(node, "vars", inventory.secrets(), file.dir(),
                false));
        return vars == null ? Map.of() : vars;
    }

    /**
     * {@code vars_files: [FILE, ...]} relative to the plan: YAML mappings of variables, merged in
     * order over {@code vars} (as Ansible's play vars_files); a file may be vault-encrypted whole
     * (every string value in it is then secret) or hold {@code !vault} values.
     */
    private Map<String, Object> varsFiles(YamlNode node, PlanFile file) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<YamlNode.Scalar> names = problems.read(() -> YamlValues.strings(node, "vars_files"));
        for (YamlNode.Scalar name : names == null ? List.<YamlNode.Scalar>of() : names) {
            Path path = file.dir().resolve(name.value().toString()).normalize();
            Map<String, Object> vars = problems.read(() -> varsFile(path, name));
            if (vars != null) {
                out.putAll(vars);
            }
        }
        return out;
    }

    private Map<String, Object> varsFile(Path path, YamlNode.Scalar name) {
        if (!Files.isRegularFile(path)) {
            throw name.where().error("vars file " + name.value() + " does not exist (" + path + ")");
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw name.where().error("cannot read vars file " + path + ": " + describe(e));
        }
        boolean encrypted = VaultFiles.isVault(text);
        String clear = VaultFiles.text(path.toString(), text, inventory.secrets().keys());
        YamlNode root = YamlTree.read(path.toString(), clear);
        return root == null ? Map.of() : YamlValues.variables(root, "vars file " + path, inventory.secrets(),
                path.getParent(), encrypted);
    }

    private void handlers(YamlNode node, PlanFile file) {
        YamlNode.Mapping m = problems.read(() -> YamlValues.mapping(node, "handlers"));
        if (m == null) {
            return;
        }
        for (YamlNode.Entry entry : m.entries().values()) {
            String label = "handler '" + entry.key() + "'";
            if (entry.value() instanceof YamlNode.Mapping body && body.entries().containsKey("include")) {
                problems.add(body.entries().get("include").keyWhere(), label + " cannot be an include");
                continue;
            }
            String first = handlerNames.putIfAbsent(entry.key(), file.source() + ":" + entry.keyWhere().line());
            if (first != null) {
                problems.add(entry.keyWhere(), label + " is defined twice (also at " + first + ")");
                continue;
            }
            steps.step(entry.value(), label, file).forEach(s -> handlers.put(entry.key(), s));
        }
    }

    /** The steps of an included plan (its handlers join the plan's), or none after recording why. */
    List<PlanStep> include(YamlNode node, PlanFile from) {
        String relative = problems.read(() -> YamlValues.string(node, "include"));
        if (relative == null) {
            return List.of();
        }
        Path path = from.dir().resolve(relative).normalize();
        PlanFile file = new PlanFile(sourceName(from, relative), path, path.getParent());
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).path().equals(path)) {
                List<String> names = new ArrayList<>(chain.subList(i, chain.size()).stream().map(PlanFile::source).toList());
                names.add(file.source());
                problems.add(node.where(), "include cycle: " + String.join(" → ", names));
                return List.of();
            }
        }
        String text;
        try {
            text = VaultFiles.text(path.toString(), Files.readString(path), inventory.secrets().keys());
        } catch (IOException e) {
            problems.add(node.where(), "cannot read included plan '" + relative + "': " + describe(e));
            return List.of();
        } catch (InputException e) {
            problems.add(e);
            return List.of();
        }
        chain.add(file);
        try {
            return readIncluded(file, text);
        } finally {
            chain.removeLast();
        }
    }

    private List<PlanStep> readIncluded(PlanFile file, String text) {
        YamlNode.Mapping m = mapping(file, text, "an included plan");
        if (m == null) {
            return List.of();
        }
        for (YamlNode.Entry entry : m.entries().values()) {
            if (!INCLUDED_KEYS.contains(entry.key())) {
                problems.add(entry.keyWhere(), ROOT_KEYS.contains(entry.key())
                        ? "'" + entry.key() + "' is only allowed in the top plan file, not in an included plan (allowed: "
                                + String.join(", ", INCLUDED_KEYS) + ")"
                        : Problems.unknownKey(entry.key(), "an included plan", INCLUDED_KEYS));
            }
        }
        if (m.entries().containsKey("handlers")) {
            handlers(m.entries().get("handlers").value(), file);
        }
        if (!m.entries().containsKey("steps")) {
            problems.add(m.where(), "an included plan needs 'steps'");
            return List.of();
        }
        return steps.steps(m.entries().get("steps").value(), "steps", "step", file);
    }

    /** How an included file is named in messages: relative to the top plan's directory, as the user sees it. */
    private static String sourceName(PlanFile from, String relative) {
        Path parent = Path.of(from.source()).getParent();
        return (parent == null ? Path.of(relative) : parent.resolve(relative)).normalize().toString();
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
