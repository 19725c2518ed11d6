package dev.muster.core.plan;

import dev.muster.core.inventory.HostSet;
import dev.muster.core.inventory.Names;
import dev.muster.core.inventory.Problems;
import dev.muster.core.inventory.Where;
import dev.muster.core.inventory.YamlNode;
import dev.muster.core.inventory.YamlValues;
import dev.muster.core.strategy.StrategySpec;
import dev.muster.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads {@code groups:} and checks them together: names in {@code after} exist, no cycle, no host
 * in two groups, every {@code window} is declared. Every problem is recorded, none thrown.
 */
final class GroupReader {
    static final List<String> KEYS = List.of("targets", "strategy", "gates", "window", "after");
    private static final List<String> AFTER_KEYS = List.of("group", "soak");

    private final Problems problems;
    private final BiFunction<YamlNode, String, HostSet> targets;
    private final BiFunction<YamlNode, String, ?> selector;
    /** Where each group's targets and each of its {@code after} entries are written, for later problems. */
    private final Map<String, Where> targetsAt = new HashMap<>();
    private final Map<String, List<Where>> afterAt = new HashMap<>();

    GroupReader(Problems problems, BiFunction<YamlNode, String, HostSet> targets, BiFunction<YamlNode, String, ?> selector) {
        this.problems = problems;
        this.targets = targets;
        this.selector = selector;
    }

    /** Whether a window name is declared, valid or not (without an inventory: any name may be). */
    private java.util.function.Predicate<String> declared = name -> false;

    /**
     * @param windows  the windows a group may name: the plan's and the inventory's
     * @param declared whether a name is declared though not in {@code windows} (a bad window, already
     *                 reported; or any name when the plan is read without an inventory)
     */
    List<Group> read(YamlNode node, Map<String, Window> windows, java.util.function.Predicate<String> declared) {
        this.declared = declared;
        YamlNode.Mapping all = problems.read(() -> YamlValues.mapping(node, "groups"));
        if (all == null) {
            return List.of();
        }
        if (all.entries().isEmpty()) {
            problems.add(node.where(), "groups is empty: give at least one group with its targets");
            return List.of();
        }
        List<Group> out = new ArrayList<>();
        int before = problems.size();
        for (YamlNode.Entry entry : all.entries().values()) {
            Group g = group(entry, windows);
            if (g != null) {
                out.add(g);
            }
        }
        boolean unknown = checkAfter(out, all.entries().keySet());
        if (problems.size() == before && !unknown) {
            checkCycle(out);
            checkOverlap(out);
        }
        return out;
    }

    private Group group(YamlNode.Entry entry, Map<String, Window> windows) {
        String what = "group " + entry.key();
        int before = problems.size();
        YamlNode.Mapping m = problems.mapping(entry.value(), what, KEYS);
        if (m == null) {
            return null;
        }
        Map<String, YamlNode.Entry> e = m.entries();
        HostSet hosts = null;
        String targetText = null;
        if (!e.containsKey("targets")) {
            problems.add(m.where(), what + " needs 'targets': a selector for its hosts");
        } else {
            YamlNode t = e.get("targets").value();
            targetText = problems.read(() -> YamlValues.string(t, what + " targets"));
            hosts = targets.apply(t, what + " targets");
            targetsAt.put(entry.key(), t.where());
        }
        StrategySpec strategy = e.containsKey("strategy")
                ? new StrategyReader(problems, selector, true).read(e.get("strategy").value()) : StrategySpec.all();
        if (strategy != null && strategy.kind() == StrategySpec.Kind.BLUE_GREEN) {
            YamlNode.Mapping sm = (YamlNode.Mapping) e.get("strategy").value();
            problems.add(sm.entries().get("kind").value().where(), what + ": kind blue_green is for plans without "
                    + "groups (its switch steps are the plan's); use rolling, all or switchover in a group");
            strategy = null;
        }
        Group.Switchover switchover = strategy != null && strategy.kind() == StrategySpec.Kind.SWITCHOVER
                ? switchover((YamlNode.Mapping) e.get("strategy").value(), what) : null;
        List<Plan.GateSpec> gates = e.containsKey("gates") ? GateReader.gates(e.get("gates").value(), problems) : List.of();
        String window = e.containsKey("window") ? window(e.get("window").value(), what, windows) : null;
        List<Group.After> after = e.containsKey("after") ? after(e.get("after").value(), entry.key()) : List.of();
        if (problems.size() > before || hosts == null || strategy == null) {
            return null;
        }
        return new Group(entry.key(), targetText, hosts, strategy, gates, window, after, switchover, m.where().line());
    }

    private String window(YamlNode node, String what, Map<String, Window> windows) {
        String name = problems.read(() -> YamlValues.string(node, what + " window"));
        if (name != null && !windows.containsKey(name) && !declared.test(name)) {
            problems.add(node.where(), what + ": no window named '" + name + "' in the plan or the inventory"
                    + (windows.isEmpty() ? " (neither declares windows:)" : Names.suggestion(name, windows.keySet())));
            return null;
        }
        return name;
    }

    private List<Group.After> after(YamlNode node, String group) {
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<Group.After> out = new ArrayList<>();
        List<Where> at = afterAt.computeIfAbsent(group, k -> new ArrayList<>());
        for (YamlNode item : items) {
            String what = "group " + group + " after";
            if (item instanceof YamlNode.Mapping m) {
                problems.unknownKeys(m, what, AFTER_KEYS);
                if (!m.entries().containsKey("group")) {
                    problems.add(m.where(), what + " needs 'group': the group to wait for");
                    continue;
                }
                YamlNode g = m.entries().get("group").value();
                String name = problems.read(() -> YamlValues.string(g, what + " group"));
                Duration soak = m.entries().containsKey("soak")
                        ? problems.read(() -> YamlValues.duration(m.entries().get("soak").value(), what + " soak"))
                        : Duration.ZERO;
                if (name != null && soak != null) {
                    out.add(new Group.After(name, soak));
                    at.add(g.where());
                }
            } else {
                String name = problems.read(() -> YamlValues.string(item, what));
                if (name != null) {
                    out.add(new Group.After(name, Duration.ZERO));
                    at.add(item.where());
                }
            }
        }
        return out;
    }

    /** Names in {@code after} must be groups (true when one is not). */
    private boolean checkAfter(List<Group> groups, java.util.Set<String> names) {
        boolean unknown = false;
        for (Group g : groups) {
            for (int i = 0; i < g.after().size(); i++) {
                String dep = g.after().get(i).group();
                if (!names.contains(dep)) {
                    problems.add(afterAt.get(g.name()).get(i), "group " + g.name() + " after: no group named '" + dep
                            + "'" + Names.suggestion(dep, names));
                    unknown = true;
                } else if (dep.equals(g.name())) {
                    problems.add(afterAt.get(g.name()).get(i), "group " + g.name() + " cannot run after itself");
                    unknown = true;
                }
            }
        }
        return unknown;
    }

    /** Following {@code after} must never come back to where it started. */
    private void checkCycle(List<Group> groups) {
        Map<String, Group> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        List<String> cycle = GroupOrder.cycle(groups);
        if (!cycle.isEmpty()) {
            Group first = byName.get(cycle.getFirst());
            int index = first.after().stream().map(Group.After::group).toList().indexOf(cycle.get(1));
            problems.add(afterAt.get(first.name()).get(index), "groups run after each other in a cycle: "
                    + String.join(" → ", cycle) + "; no group of it could ever start");
        }
    }

    /** A host may be in one group only: its strategy and window would otherwise disagree. */
    private void checkOverlap(List<Group> groups) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < i; j++) {
                HostSet both = groups.get(i).hosts().intersect(groups.get(j).hosts());
                if (!both.isEmpty()) {
                    problems.add(targetsAt.get(groups.get(i).name()), "group " + groups.get(i).name() + " targets "
                            + both.fold() + " (" + both.size() + "), already in group " + groups.get(j).name()
                            + ": a host may be in one group only");
                }
            }
        }
    }

    private Group.Switchover switchover(YamlNode.Mapping m, String what) {
        Map<String, YamlNode.Entry> e = m.entries();
        String role = requiredString(m, "role", what, "a command whose exit code says primary (0) or replica (1)");
        String switchCommand = requiredString(m, "switch", what, "the command that moves the primary to "
                + "{candidate}, run on the current primary");
        if (switchCommand != null && !switchCommand.contains("{candidate}") && !switchCommand.contains("{candidate_address}")) {
            problems.add(e.get("switch").value().where(), what + " switch must name {candidate} (or {candidate_address}): "
                    + "the replica it makes primary");
        }
        String lag = e.containsKey("lag") ? problems.read(() -> YamlValues.string(e.get("lag").value(), what + " lag")) : null;
        Integer primary = e.containsKey("primary_exit") ? exit(e.get("primary_exit").value(), what + " primary_exit") : 0;
        Integer replica = e.containsKey("replica_exit") ? exit(e.get("replica_exit").value(), what + " replica_exit") : 1;
        if (primary != null && primary.equals(replica)) {
            problems.add(m.where(), what + ": primary_exit and replica_exit must differ, both are " + primary);
        }
        Duration verify = e.containsKey("verify_timeout")
                ? problems.read(() -> YamlValues.duration(e.get("verify_timeout").value(), what + " verify_timeout"))
                : Duration.ofMinutes(1);
        if (role == null || switchCommand == null || primary == null || replica == null || verify == null) {
            return null;
        }
        return new Group.Switchover(role, primary, replica, lag, switchCommand, verify);
    }

    private String requiredString(YamlNode.Mapping m, String key, String what, String expected) {
        if (!m.entries().containsKey(key)) {
            problems.add(m.where(), what + ": a switchover strategy needs '" + key + "': " + expected);
            return null;
        }
        return problems.read(() -> YamlValues.string(m.entries().get(key).value(), what + " " + key));
    }

    private Integer exit(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Integer n && n >= 0 && n <= 255) {
            return n;
        }
        problems.add(node.where(), what + " must be an exit code 0-255, found " + node.describe());
        return null;
    }
}
