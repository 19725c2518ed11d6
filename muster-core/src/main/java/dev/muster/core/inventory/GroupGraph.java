package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group hierarchy of a draft, checked: children must exist and must not form a cycle.
 * Gives each group's members (through children) and depth (longest path from a top group),
 * which orders group vars: parents before children, then by priority and name.
 */
final class GroupGraph {
    private final Map<String, Draft.GroupDraft> groups;
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, List<String>> parents = new HashMap<>();

    GroupGraph(Map<String, Draft.GroupDraft> groups) {
        this.groups = groups;
        for (Draft.GroupDraft group : groups.values()) {
            for (Draft.Ref child : group.children) {
                if (!groups.containsKey(child.name())) {
                    throw child.where().error("group '" + group.name + "' has unknown child group '" + child.name() + "'"
                            + Names.suggestion(child.name(), groups.keySet()));
                }
                parents.computeIfAbsent(child.name(), k -> new ArrayList<>()).add(group.name);
            }
        }
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (String name : groups.keySet()) {
            checkCycles(name, state, new ArrayList<>());
        }
    }

    private void checkCycles(String name, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (Draft.Ref child : groups.get(name).children) {
            if (Integer.valueOf(1).equals(state.get(child.name()))) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(child.name()), path.size()));
                cycle.add(child.name());
                throw child.where().error("groups form a cycle: " + String.join(" -> ", cycle));
            }
            checkCycles(child.name(), state, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    /** Direct hosts plus the members of every child group, recursively. */
    Set<String> members(String name) {
        Set<String> known = members.get(name);
        if (known != null) {
            return known;
        }
        Set<String> all = new LinkedHashSet<>(groups.get(name).hosts.keySet());
        for (Draft.Ref child : groups.get(name).children) {
            all.addAll(members(child.name()));
        }
        members.put(name, all);
        return all;
    }

    int depth(String name) {
        Integer known = depth.get(name);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (String parent : parents.getOrDefault(name, List.of())) {
            d = Math.max(d, depth(parent) + 1);
        }
        depth.put(name, d);
        return d;
    }

    /**
     * Ansible's order of group vars, later wins: parents before children, then by
     * {@code ansible_group_priority} (default 1), then by name.
     */
    Comparator<String> precedence() {
        return Comparator.comparingInt(this::depth).thenComparingInt((String g) -> groups.get(g).priority)
                .thenComparing(Comparator.naturalOrder());
    }
}
