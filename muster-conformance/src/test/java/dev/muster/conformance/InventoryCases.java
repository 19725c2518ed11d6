package dev.muster.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generated Ansible inventories, INI or YAML, written to a directory with group_vars/ and
 * host_vars/ (files, directories with subdirectories, decoys Ansible ignores) and sometimes a
 * playbook directory with its own: nested children, vars at every level with clashing names,
 * connection vars under both their names, group priorities, host ranges of every kind
 * (padded, stepped, letters), host:port, IPv6 with a port, hosts in several groups.
 */
final class InventoryCases {
    private static final String[] GROUPS = {"web", "db", "app", "lb", "cache", "mon", "edge", "stage", "prod",
        "batch", "web-eu", "db_main"};
    private static final String[] KEYS = {"tier", "color", "ntp", "x", "level", "opts", "items"};
    private static final String[] CONNECTION = {"ansible_host", "ansible_ssh_host", "ansible_port", "ansible_ssh_port",
        "ansible_user", "ansible_ssh_user", "ansible_private_key_file", "ansible_ssh_private_key_file"};

    /** One generated inventory on disk: what ansible-inventory and muster are given. */
    record Case(String label, Path inventory, Path playDir) {
    }

    private final Random random;

    InventoryCases(long seed) {
        this.random = new Random(seed);
    }

    /** Writes case {@code index} under {@code root}, INI or YAML by turns. */
    Case write(Path root, int index) throws IOException {
        Model m = model();
        boolean ini = index % 2 == 0;
        Path dir = Files.createDirectories(root.resolve("case" + index));
        Path inventory = dir.resolve(ini ? "hosts.ini" : "hosts.yml");
        Files.writeString(inventory, ini ? ini(m) : yaml(m));
        varsFiles(dir, m);
        Path play = null;
        if (random.nextInt(3) == 0) {
            play = Files.createDirectories(root.resolve("play" + index));
            varsFiles(play, m);
        }
        return new Case("case " + index + " (" + (ini ? "INI" : "YAML") + (play == null ? "" : ", with a playbook dir")
                + ")", inventory, play);
    }

    /** Groups with hosts (patterns), children, vars; ungrouped hosts; all vars. */
    private static final class Model {
        final Map<String, List<String>> hosts = new LinkedHashMap<>();      // group -> host patterns with inline vars
        final Map<String, List<String>> children = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
        final List<String> ungrouped = new ArrayList<>();
        final Map<String, Object> allVars = new LinkedHashMap<>();
        final Set<String> hostNames = new LinkedHashSet<>();              // plain names, for host_vars
        final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>(); // pattern -> inline vars
    }

    private Model model() {
        Model m = new Model();
        List<String> names = new ArrayList<>(List.of(GROUPS));
        java.util.Collections.shuffle(names, random);
        List<String> groups = names.subList(0, 2 + random.nextInt(4));
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            m.hosts.put(group, new ArrayList<>());
            m.children.put(group, new ArrayList<>());
            m.vars.put(group, vars(random.nextInt(4)));
            if (random.nextInt(4) == 0) {
                m.vars.get(group).put("ansible_group_priority", random.nextInt(5));
            }
            if (g > 0 && random.nextInt(5) < 2) {
                String parent = groups.get(random.nextInt(g));
                m.children.get(parent).add(group);
                if (g > 1 && random.nextInt(4) == 0) {
                    String other = groups.get(random.nextInt(g));
                    if (!other.equals(parent)) {
                        m.children.get(other).add(group);
                    }
                }
            }
            int entries = random.nextInt(4);
            for (int h = 0; h < entries; h++) {
                String pattern = hostPattern(m);
                if (m.hosts.get(group).contains(pattern)) {
                    continue; // a YAML mapping cannot hold one key twice (muster refuses it; PyYAML keeps the last)
                }
                m.hosts.get(group).add(pattern);
                m.hostVars.putIfAbsent(pattern, vars(random.nextInt(3)));
            }
        }
        for (int u = random.nextInt(3); u > 0; u--) {
            String pattern = "lone" + random.nextInt(20) + (random.nextBoolean() ? ".example.org" : "");
            if (m.ungrouped.contains(pattern)) {
                continue;
            }
            m.ungrouped.add(pattern);
            m.hostNames.add(pattern);
            m.hostVars.putIfAbsent(pattern, vars(random.nextInt(3)));
        }
        m.allVars.putAll(vars(random.nextInt(4)));
        return m;
    }

    private String hostPattern(Model m) {
        if (!m.hostNames.isEmpty() && random.nextInt(5) == 0) {
            List<String> known = new ArrayList<>(m.hostNames);
            return known.get(random.nextInt(known.size())); // a host in several groups
        }
        int n = random.nextInt(20);
        String pattern = switch (random.nextInt(9)) {
            case 0 -> "web[01:0" + (2 + random.nextInt(7)) + "]";
            case 1 -> "app[1:" + (4 + random.nextInt(9)) + ":" + (2 + random.nextInt(3)) + "]";
            case 2 -> "db-[a:" + "cdef".charAt(random.nextInt(4)) + "].example.com";
            case 3 -> "node" + n + ":" + (2200 + n);
            case 4 -> "[fe80::" + Integer.toHexString(n + 1) + "]:" + (2000 + n);
            case 5 -> "10.0." + n + ".[1:3]";
            case 6 -> "rack[1:2]-n[1:2]";
            case 7 -> "cache" + n;
            default -> "h" + n + ".example.com";
        };
        if (!pattern.contains("[") || pattern.startsWith("[fe80")) {
            m.hostNames.add(pattern.startsWith("[fe80") ? pattern.substring(1, pattern.indexOf(']'))
                    : pattern.contains(":") ? pattern.substring(0, pattern.indexOf(':')) : pattern);
        }
        return pattern;
    }

    private Map<String, Object> vars(int count) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
                String key = CONNECTION[random.nextInt(CONNECTION.length)];
                out.put(key, connectionValue(key));
            } else {
                out.put(KEYS[random.nextInt(KEYS.length)], value());
            }
        }
        return out;
    }

    private Object connectionValue(String key) {
        return switch (key) {
            case "ansible_port", "ansible_ssh_port" -> 1000 + random.nextInt(5000);
            case "ansible_user", "ansible_ssh_user" -> List.of("deploy", "root", "ops").get(random.nextInt(3));
            case "ansible_host", "ansible_ssh_host" -> "10.9." + random.nextInt(9) + "." + random.nextInt(250);
            default -> "~/.ssh/id_" + List.of("ed25519", "rsa", "fleet").get(random.nextInt(3));
        };
    }

    private Object value() {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(2000) - 100;
            case 1 -> random.nextBoolean();
            case 2 -> "word" + random.nextInt(9);
            case 3 -> "two words " + random.nextInt(9);
            case 4 -> List.of(random.nextInt(9), "s" + random.nextInt(9));
            case 5 -> Map.of("k", random.nextInt(9));
            case 6 -> random.nextInt(90) + 0.5;
            default -> "v" + random.nextInt(99);
        };
    }

    private String ini(Model m) {
        StringBuilder out = new StringBuilder("# generated\n");
        for (String lone : m.ungrouped) {
            out.append(lone).append(iniHostVars(m.hostVars.get(lone))).append('\n');
        }
        for (String group : m.hosts.keySet()) {
            out.append('[').append(group).append("]\n");
            for (String pattern : m.hosts.get(group)) {
                out.append(pattern).append(iniHostVars(m.hostVars.get(pattern))).append('\n');
            }
            if (!m.children.get(group).isEmpty()) {
                out.append('[').append(group).append(":children]\n");
                m.children.get(group).forEach(c -> out.append(c).append('\n'));
            }
            if (!m.vars.get(group).isEmpty()) {
                out.append('[').append(group).append(":vars]\n");
                m.vars.get(group).forEach((k, v) -> out.append(k).append(" = ").append(iniValue(v, false)).append('\n'));
            }
        }
        if (!m.allVars.isEmpty()) {
            out.append("[all:vars]\n");
            m.allVars.forEach((k, v) -> out.append(k).append('=').append(iniValue(v, false)).append('\n'));
        }
        return out.toString();
    }

    private static String iniHostVars(Map<String, Object> vars) {
        StringBuilder out = new StringBuilder();
        vars.forEach((k, v) -> out.append(' ').append(k).append('=').append(iniValue(v, true)));
        return out.toString();
    }

    /** A value as Ansible reads it back: Python literals; on a host line, quoted for the shell split. */
    private static String iniValue(Object v, boolean hostLine) {
        String literal;
        if (v instanceof Boolean b) {
            literal = b ? "True" : "False";
        } else if (v instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (Object item : list) {
                s.append(s.length() > 1 ? ", " : "").append(item instanceof String str ? "'" + str + "'" : item);
            }
            literal = s.append(']').toString();
        } else if (v instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{");
            map.forEach((k, x) -> s.append(s.length() > 1 ? ", " : "").append("'").append(k).append("': ").append(x));
            literal = s.append('}').toString();
        } else {
            literal = String.valueOf(v);
        }
        return hostLine && (literal.contains(" ") || literal.contains("'")) ? "\"" + literal + "\"" : literal;
    }

    private String yaml(Model m) {
        StringBuilder out = new StringBuilder("# generated\nall:\n");
        if (!m.allVars.isEmpty()) {
            out.append("  vars:\n");
            m.allVars.forEach((k, v) -> out.append("    ").append(k).append(": ").append(yamlValue(v)).append('\n'));
        }
        if (!m.ungrouped.isEmpty()) {
            out.append("  hosts:\n");
            for (String lone : m.ungrouped) {
                yamlHost(out, "    ", lone, m.hostVars.get(lone));
            }
        }
        out.append("  children:\n");
        for (String group : m.hosts.keySet()) {
            out.append("    ").append(group).append(":\n");
            if (!m.hosts.get(group).isEmpty()) {
                out.append("      hosts:\n");
                for (String pattern : m.hosts.get(group)) {
                    yamlHost(out, "        ", pattern, m.hostVars.get(pattern));
                }
            }
            if (!m.children.get(group).isEmpty()) {
                out.append("      children:\n");
                m.children.get(group).forEach(c -> out.append("        ").append(c).append(":\n"));
            }
            if (!m.vars.get(group).isEmpty()) {
                out.append("      vars:\n");
                m.vars.get(group).forEach((k, v) -> out.append("        ").append(k).append(": ").append(yamlValue(v)).append('\n'));
            }
        }
        return out.toString();
    }

    private void yamlHost(StringBuilder out, String indent, String pattern, Map<String, Object> vars) {
        out.append(indent).append('"').append(pattern).append("\":");
        if (vars.isEmpty()) {
            out.append('\n');
            return;
        }
        out.append('\n');
        vars.forEach((k, v) -> out.append(indent).append("  ").append(k).append(": ").append(yamlValue(v)).append('\n'));
    }

    /** Flow YAML (JSON-like); sometimes YAML 1.1 plain scalars that both readers must type alike. */
    private String yamlValue(Object v) {
        if (v instanceof String s) {
            return s.contains(" ") || random.nextBoolean() ? "\"" + s + "\"" : s;
        }
        if (v instanceof Boolean b && random.nextInt(3) == 0) {
            return b ? "yes" : "no";
        }
        if (v instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (Object item : list) {
                s.append(s.length() > 1 ? ", " : "").append(item instanceof String str ? "\"" + str + "\"" : item);
            }
            return s.append(']').toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{");
            map.forEach((k, x) -> s.append(s.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(x));
            return s.append('}').toString();
        }
        return String.valueOf(v);
    }

    /** group_vars/ and host_vars/ in {@code dir}: plain files of each extension, directories, decoys. */
    private void varsFiles(Path dir, Model m) throws IOException {
        List<String> groups = new ArrayList<>(m.hosts.keySet());
        groups.add("all");
        groups.add("ungrouped");
        for (String group : groups) {
            if (random.nextInt(3) == 0) {
                writeVars(dir.resolve("group_vars"), group);
            }
        }
        for (String host : m.hostNames) {
            if (random.nextInt(3) == 0) {
                writeVars(dir.resolve("host_vars"), host);
            }
        }
        if (random.nextInt(4) == 0) {
            Files.createDirectories(dir.resolve("group_vars"));
            Files.writeString(dir.resolve("group_vars/nosuchgroup.yml"), "tier: never\n");
        }
    }

    private void writeVars(Path base, String name) throws IOException {
        Files.createDirectories(base);
        switch (random.nextInt(6)) {
            case 0 -> Files.writeString(base.resolve(name + ".yml"), varsYaml(2));
            case 1 -> Files.writeString(base.resolve(name + ".yaml"), varsYaml(2));
            case 2 -> Files.writeString(base.resolve(name), varsYaml(2));
            case 3 -> Files.writeString(base.resolve(name + ".json"), "{\"tier\": \"json-" + name + "\", \"n\": "
                    + random.nextInt(9) + "}\n");
            default -> {
                Path d = Files.createDirectories(base.resolve(name));
                Files.writeString(d.resolve("10-main.yml"), varsYaml(2));
                Files.writeString(d.resolve("20-more"), varsYaml(1));
                Path sub = Files.createDirectories(d.resolve("sub"));
                Files.writeString(sub.resolve("x.yaml"), varsYaml(1));
                Files.writeString(d.resolve(".hidden.yml"), "tier: hidden\n");
                Files.writeString(d.resolve("30-old.yml~"), "tier: backup\n");
                Files.writeString(d.resolve("notes.txt"), "tier: text\n");
                if (random.nextBoolean()) {
                    Files.writeString(base.resolve(name + ".yml"), "tier: shadowed-by-the-directory\n");
                }
            }
        }
    }

    private String varsYaml(int count) {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : vars(count + 1).entrySet()) {
            if (seen.add(e.getKey())) {
                out.append(e.getKey()).append(": ").append(yamlValue(e.getValue())).append('\n');
            }
        }
        return out.toString();
    }
}
