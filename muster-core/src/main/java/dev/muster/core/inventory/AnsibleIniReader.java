package dev.muster.core.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ansible INI inventories as Ansible does: hosts before any section are ungrouped;
 * {@code [group]} host lines ({@code host key=value ...}, split like a shell line, with
 * {@code host:port}, {@code [fe80::1]:2022} and ranges {@code web[01:20]}, {@code app[1:9:2]},
 * {@code db-[a:f]}); {@code [group:vars]} ({@code key = value}); {@code [group:children]}.
 * Values are read as Python literals ({@code 5}, {@code True}, {@code [1, 2]}, quoted strings;
 * anything else stays text). A {@code :vars} section or a child naming a group the file never
 * declares with {@code [group]} or {@code [group:children]} is an error, as in Ansible.
 */
final class AnsibleIniReader {
    private static final Pattern SECTION = Pattern.compile("\\[([^:\\]\\s]+)(?::(\\w+))?]\\s*(?:#.*)?");
    private static final Pattern GROUP_NAME = Pattern.compile("([^:\\]\\s]+)\\s*(?:#.*)?");
    static final String GROUP_PRIORITY = "ansible_group_priority";

    private final String source;
    private final Draft draft;
    private String group = Inventory.UNGROUPED;
    private String kind = "hosts";
    private final java.util.Set<String> declared = new java.util.HashSet<>(List.of(Inventory.ALL, Inventory.UNGROUPED));
    /** Groups used before (or without) being declared, with where and how they were first used. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private record Pending(Where where, String message) {
    }

    private AnsibleIniReader(String source, Draft draft) {
        this.source = source;
        this.draft = draft;
    }

    static void read(String source, String text, Draft draft) {
        AnsibleIniReader reader = new AnsibleIniReader(source, draft);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            reader.line(lines[i], i + 1);
        }
        reader.pending.values().stream().findFirst().ifPresent(p -> {
            throw p.where.error(p.message);
        });
    }

    private void line(String raw, int lineNr) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return;
        }
        int indent = raw.indexOf(line.charAt(0)) + 1;
        Where where = new Where(source, lineNr, indent);
        Matcher section = SECTION.matcher(line);
        if (section.matches()) {
            section(section.group(1), section.group(2) == null ? "hosts" : section.group(2), where);
        } else if (line.startsWith("[") && line.endsWith("]")) {
            throw where.error("expected [group], [group:vars] or [group:children] but found " + line
                    + " (no spaces or other characters in a section header)");
        } else if (kind.equals("vars")) {
            varLine(line, where);
        } else if (kind.equals("children")) {
            childLine(line, where);
        } else {
            hostLine(ShellWords.split(line, indent, where), lineNr);
        }
    }

    private void section(String name, String sectionKind, Where where) {
        if (!List.of("hosts", "vars", "children").contains(sectionKind)) {
            throw where.error("unknown section kind '" + sectionKind + "' in [" + name + ":" + sectionKind
                    + "]; allowed: vars, children");
        }
        group = name;
        kind = sectionKind;
        if (kind.equals("vars")) {
            if (!declared.contains(name)) {
                pending.putIfAbsent(name, new Pending(where, "[" + name + ":vars] is for a group this file never declares"
                        + " (write a [" + name + "] or [" + name + ":children] section)"));
            }
        } else {
            declared.add(name);
            pending.remove(name);
        }
        if (!name.equals(Inventory.ALL)) {
            draft.group(name, where);
        }
    }

    private void varLine(String line, Where where) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw where.error("expected key=value in [" + group + ":vars] but found " + line);
        }
        String key = line.substring(0, eq).strip();
        Object value = PythonLiteral.value(line.substring(eq + 1).strip());
        AnsibleVars.check(key, value, where);
        draft.noteValue(key, value);
        if (group.equals(Inventory.ALL)) {
            draft.vars.put(key, value);
        } else if (key.equals(GROUP_PRIORITY)) {
            draft.group(group, where).priority = priority(value, where);
        } else {
            draft.group(group, where).vars.put(key, value);
        }
    }

    static int priority(Object value, Where where) {
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw where.error(GROUP_PRIORITY + " must be an integer, found \"" + value + "\"");
        }
    }

    private void childLine(String line, Where where) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            throw where.error("expected one group name per line in [" + group + ":children] but found " + line);
        }
        String child = m.group(1);
        if (!declared.contains(child)) {
            pending.putIfAbsent(child, new Pending(where, "[" + group + ":children] names group '" + child
                    + "', which this file never declares (write a [" + child + "] section)"));
        }
        if (!group.equals(Inventory.ALL)) {
            draft.group(group, where).children.add(new Draft.Ref(child, where));
        } else if (!child.equals(Inventory.UNGROUPED)) {
            draft.group(child, where);
        }
    }

    private void hostLine(List<ShellWords.Word> words, int lineNr) {
        ShellWords.Word first = words.get(0);
        Where where = new Where(source, lineNr, first.column());
        AnsibleAddress.HostPort hostPort = AnsibleAddress.split(first.text());
        if (first.text().strip().endsWith(":") && hostPort.port() == null) {
            throw where.error("host pattern '" + first.text() + "' ends with ':' but no port follows");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (hostPort.port() != null) {
            AnsibleVars.check("ansible_port", hostPort.port(), where);
            vars.put("ansible_port", Integer.parseInt(hostPort.port()));
        }
        for (ShellWords.Word word : words.subList(1, words.size())) {
            int eq = word.text().indexOf('=');
            Where at = new Where(source, lineNr, word.column());
            if (eq < 0) {
                throw at.error("expected key=value after the host name but found " + word.text());
            }
            String key = word.text().substring(0, eq);
            Object value = PythonLiteral.value(word.text().substring(eq + 1));
            AnsibleVars.check(key, value, at);
            draft.noteValue(key, value);
            vars.put(key, value);
        }
        for (String name : HostRanges.expandAnsible(hostPort.pattern(), where.offsets())) {
            draft.host(name, where).vars.putAll(vars);
            if (!group.equals(Inventory.ALL)) {
                draft.group(group, where).hosts.putIfAbsent(name, where);
            }
        }
    }
}
