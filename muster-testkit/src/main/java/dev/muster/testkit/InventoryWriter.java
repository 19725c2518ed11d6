package dev.muster.testkit;

import dev.muster.core.inventory.HostSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes muster's native inventory YAML:
 * <pre>
 * hosts:
 *   web01: {address: 127.0.1.1, port: 2222, user: muster, labels: {role: web, dc: fra}, env: prod}
 * groups:
 *   web: {hosts: ["web[01-04]"]}
 * </pre>
 */
final class InventoryWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\.\\d+|\\d[\\d_]*(\\.\\d*)?)([eE][-+]?\\d+)?|0[xXoObB][0-9a-fA-F_]+");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private InventoryWriter() {
    }

    /** @param groups group name to member host names; members are folded as nodeset folds them */
    static void write(Path file, List<InventoryHost> hosts, Map<String, List<String>> groups) {
        KeyFiles.write(file, render(hosts, groups));
    }

    static String render(List<InventoryHost> hosts, Map<String, List<String>> groups) {
        StringBuilder y = new StringBuilder("hosts:\n");
        for (InventoryHost h : hosts) {
            y.append("  ").append(scalar(h.name())).append(": {address: ").append(scalar(h.address()))
                    .append(", port: ").append(h.port())
                    .append(", user: ").append(scalar(h.user()));
            if (!h.labels().isEmpty()) {
                y.append(", labels: {");
                String sep = "";
                for (Map.Entry<String, String> label : h.labels().entrySet()) {
                    y.append(sep).append(scalar(label.getKey())).append(": ").append(scalar(label.getValue()));
                    sep = ", ";
                }
                y.append('}');
            }
            if (h.env() != null) {
                y.append(", env: ").append(scalar(h.env()));
            }
            y.append("}\n");
        }
        if (!groups.isEmpty()) {
            y.append("groups:\n");
            groups.forEach((name, members) -> {
                y.append("  ").append(scalar(name)).append(": {hosts: [").append(scalar(HostSet.of(members).fold()))
                        .append("]}\n");
            });
        }
        return y.toString();
    }

    /** Plain when YAML reads it back as the same string, double-quoted otherwise. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !NUMBER.matcher(s).matches()
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
