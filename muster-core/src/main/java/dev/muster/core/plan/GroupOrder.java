package dev.muster.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order a plan's groups run in: stages of groups whose {@code after} groups are all in earlier stages. */
public final class GroupOrder {
    private GroupOrder() {
    }

    /** Stages in order; the groups of one stage may run side by side. Assumes no cycle. */
    public static List<List<Group>> stages(List<Group> groups) {
        List<List<Group>> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        List<Group> left = new ArrayList<>(groups);
        while (!left.isEmpty()) {
            List<Group> stage = left.stream()
                    .filter(g -> g.after().stream().allMatch(a -> placed.contains(a.group()))).toList();
            if (stage.isEmpty()) {
                throw new IllegalStateException("groups in a cycle: " + left);
            }
            stage.forEach(g -> placed.add(g.name()));
            left.removeAll(stage);
            out.add(stage);
        }
        return out;
    }

    /** The groups of a cycle, first repeated at the end ([a, b, a]), or empty when there is none. */
    static List<String> cycle(List<Group> groups) {
        Map<String, Group> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        Set<String> done = new LinkedHashSet<>();
        for (Group g : groups) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(g.name(), byName, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String name, Map<String, Group> byName, List<String> path, Set<String> done) {
        int at = path.indexOf(name);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(name);
            return cycle;
        }
        if (done.contains(name) || !byName.containsKey(name)) {
            return List.of();
        }
        path.add(name);
        for (Group.After a : byName.get(name).after()) {
            List<String> found = visit(a.group(), byName, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        done.add(name);
        return List.of();
    }
}
