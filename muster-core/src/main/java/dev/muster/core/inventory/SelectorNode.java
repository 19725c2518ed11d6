package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The parsed form of a selector; each node evaluates to the set of hosts it picks. */
sealed interface SelectorNode {
    String SOURCE = "selector";

    HostSet evaluate(Inventory inventory);

    record All() implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            return inventory.names();
        }
    }

    /** A bare word: host names and group names, exact or as globs, after range expansion. */
    record Name(String word, int column, List<String> expanded) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            List<String> picked = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String name : expanded) {
                if (Names.isGlob(name)) {
                    pickGlob(inventory, Names.glob(name, false), picked);
                } else {
                    boolean isHost = inventory.host(name).isPresent();
                    boolean isGroup = inventory.hasGroup(name);
                    if (isHost) {
                        picked.add(name);
                    }
                    if (isGroup) {
                        picked.addAll(inventory.group(name).names());
                    }
                    if (!isHost && !isGroup) {
                        unknown.add(name);
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw unknown(inventory, unknown);
            }
            return HostSet.of(picked);
        }

        private static void pickGlob(Inventory inventory, Pattern glob, List<String> picked) {
            for (String host : inventory.names()) {
                if (glob.matcher(host).matches()) {
                    picked.add(host);
                }
            }
            for (String group : inventory.groupNames()) {
                if (glob.matcher(group).matches()) {
                    picked.addAll(inventory.group(group).names());
                }
            }
        }

        private InputException unknown(Inventory inventory, List<String> unknown) {
            if (unknown.size() == 1) {
                List<String> known = new ArrayList<>(inventory.names().names());
                known.addAll(inventory.groupNames());
                return new InputException(SOURCE, 1, column, "no host or group named '" + unknown.get(0) + "'"
                        + Names.suggestion(unknown.get(0), known));
            }
            return new InputException(SOURCE, 1, column, "no host or group named " + HostSet.of(unknown).fold()
                    + " (" + unknown.size() + " names of '" + word + "')");
        }
    }

    record Group(String name, int column) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            if (!inventory.hasGroup(name)) {
                throw new InputException(SOURCE, 1, column, "no group named '" + name + "'"
                        + Names.suggestion(name, inventory.groupNames()));
            }
            return inventory.group(name);
        }
    }

    /** {@code key=glob} or {@code key!=glob}; {@code env} falls back to the host's environment. */
    record Label(String key, String value, boolean negated) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            Pattern glob = Names.glob(value, false);
            List<String> picked = new ArrayList<>();
            for (Host host : inventory.hosts()) {
                String actual = host.labels().get(key);
                if (actual == null && key.equals("env")) {
                    actual = host.environment();
                }
                boolean matches = actual != null && glob.matcher(actual).matches();
                if (matches != negated) {
                    picked.add(host.name());
                }
            }
            return HostSet.of(picked);
        }
    }

    record Not(SelectorNode operand) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            return inventory.names().minus(operand.evaluate(inventory));
        }
    }

    record And(List<SelectorNode> operands) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            HostSet result = operands.get(0).evaluate(inventory);
            for (SelectorNode operand : operands.subList(1, operands.size())) {
                result = result.intersect(operand.evaluate(inventory));
            }
            return result;
        }
    }

    /**
     * Ansible style: the union of the plain items (all hosts when there is none), then each
     * {@code &} item intersected, then each {@code !} item subtracted, wherever they were written.
     */
    record Union(List<SelectorNode> included, List<SelectorNode> intersected, List<SelectorNode> excluded)
            implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            HostSet result = included.isEmpty() ? inventory.names() : HostSet.empty();
            for (SelectorNode node : included) {
                result = result.union(node.evaluate(inventory));
            }
            for (SelectorNode node : intersected) {
                result = result.intersect(node.evaluate(inventory));
            }
            for (SelectorNode node : excluded) {
                result = result.minus(node.evaluate(inventory));
            }
            return result;
        }
    }

    /**
     * Ansible's subscript {@code base[start]} or {@code base[start:end]} (end inclusive, none =
     * the last): the hosts of the groups {@code base} names (or, when it names none, the hosts it
     * matches), in name order, sliced. {@code asRange} is muster's reading of {@code web[3]}
     * (the host web3), used when every name of it exists.
     */
    record Subscript(String base, int start, Integer end, boolean slice, List<String> asRange, int column)
            implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            if (asRange != null && asRange.stream().allMatch(n -> inventory.host(n).isPresent() || inventory.hasGroup(n))) {
                return new Name(base + "[" + start + "]", column, asRange).evaluate(inventory);
            }
            List<String> hosts = matches(inventory).names();
            int size = hosts.size();
            int from = start < 0 ? size + start : start;
            int to = !slice ? from : end == null ? size - 1 : end;
            if (hosts.isEmpty()) {
                throw new InputException(SOURCE, 1, column, "no host or group named '" + base + "'"
                        + Names.suggestion(base, inventory.groupNames()));
            }
            if (from < 0 || from >= size) {
                throw new InputException(SOURCE, 1, column, "no host at index " + start + " of " + base + " ("
                        + size + " host" + (size == 1 ? "" : "s") + ": " + HostSet.of(hosts).fold() + ")");
            }
            return HostSet.of(hosts.subList(from, Math.min(Math.max(to, from - 1), size - 1) + 1));
        }

        private HostSet matches(Inventory inventory) {
            Pattern glob = Names.glob(base, false);
            HostSet picked = HostSet.empty();
            for (String group : inventory.groupNames()) {
                if (glob.matcher(group).matches()) {
                    picked = picked.union(inventory.group(group));
                }
            }
            if (picked.isEmpty()) {
                picked = HostSet.of(inventory.names().names().stream().filter(h -> glob.matcher(h).matches()).toList());
            }
            return picked;
        }
    }

    /** Ansible's {@code ~regex}: groups whose name matches it from the start (their members), and such hosts. */
    record Regex(Pattern pattern, String text) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            List<String> picked = new ArrayList<>();
            for (String group : inventory.groupNames()) {
                if (pattern.matcher(group).lookingAt()) {
                    picked.addAll(inventory.group(group).names());
                }
            }
            for (String host : inventory.names()) {
                if (pattern.matcher(host).lookingAt()) {
                    picked.add(host);
                }
            }
            return HostSet.of(picked);
        }
    }
}
