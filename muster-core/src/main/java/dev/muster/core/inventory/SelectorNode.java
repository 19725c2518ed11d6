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

    /** Ansible style: negated items are subtracted from the union of the others (or from all). */
    record Union(List<SelectorNode> included, List<SelectorNode> excluded) implements SelectorNode {
        @Override
        public HostSet evaluate(Inventory inventory) {
            HostSet result = included.isEmpty() ? inventory.names() : HostSet.empty();
            for (SelectorNode node : included) {
                result = result.union(node.evaluate(inventory));
            }
            for (SelectorNode node : excluded) {
                result = result.minus(node.evaluate(inventory));
            }
            return result;
        }
    }
}
