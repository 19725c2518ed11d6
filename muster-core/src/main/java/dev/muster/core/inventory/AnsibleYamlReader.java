package dev.muster.core.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Ansible YAML inventories: top-level groups (usually just {@code all}), each with
 * {@code hosts} (host pattern: vars; {@code host:port} and ranges as in INI), {@code vars} and
 * {@code children} (nested groups); a section may also be one name ({@code hosts: web1}). The
 * vars of {@code all} are global vars; {@code ansible_group_priority} orders a group's vars
 * among its siblings, as in Ansible. Unlike Ansible, an unknown key or a group that is not a
 * mapping is an error (Ansible warns and drops it, and the hosts under it with it).
 */
final class AnsibleYamlReader {
    private static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");

    private final Draft draft;

    private AnsibleYamlReader(Draft draft) {
        this.draft = draft;
    }

    static void read(YamlNode root, Draft draft) {
        AnsibleYamlReader reader = new AnsibleYamlReader(draft);
        for (YamlNode.Entry entry : YamlValues.mapping(root, "the inventory").entries().values()) {
            reader.group(entry, null);
        }
    }

    private void group(YamlNode.Entry entry, Draft.GroupDraft parent) {
        String name = entry.key();
        String what = "group '" + name + "'";
        YamlNode.Mapping body = YamlValues.mapping(entry.value(), what);
        YamlValues.allowKeys(body, what, GROUP_KEYS);
        boolean isAll = name.equals(Inventory.ALL);
        Draft.GroupDraft group = isAll ? null : draft.group(name, entry.keyWhere());
        if (parent != null && !isAll && parent.children.stream().noneMatch(r -> r.name().equals(name))) {
            parent.children.add(new Draft.Ref(name, entry.keyWhere()));
        }
        Map<String, YamlNode.Entry> e = body.entries();
        if (e.containsKey("vars")) {
            Map<String, Object> vars = checkedVars(e.get("vars").value(), "vars of " + what);
            Object priority = vars.remove(AnsibleIniReader.GROUP_PRIORITY);
            if (priority != null && group != null) {
                group.priority = AnsibleIniReader.priority(priority, e.get("vars").value().where());
            }
            (isAll ? draft.vars : group.vars).putAll(vars);
        }
        if (e.containsKey("hosts")) {
            for (YamlNode.Entry host : section(e.get("hosts").value(), "hosts of " + what).entries().values()) {
                hosts(host, group);
            }
        }
        if (e.containsKey("children")) {
            for (YamlNode.Entry child : section(e.get("children").value(), "children of " + what).entries().values()) {
                group(child, group);
            }
        }
    }

    /** A mapping, or one name written alone (Ansible reads {@code hosts: web1} as {@code {web1: }}). */
    private static YamlNode.Mapping section(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String name) {
            Map<String, YamlNode.Entry> one = new LinkedHashMap<>();
            one.put(name, new YamlNode.Entry(name, s.where(), new YamlNode.Scalar(s.where(), null)));
            return new YamlNode.Mapping(s.where(), one);
        }
        return YamlValues.mapping(node, what);
    }

    private void hosts(YamlNode.Entry entry, Draft.GroupDraft group) {
        Map<String, Object> vars = new LinkedHashMap<>();
        AnsibleAddress.HostPort hostPort = AnsibleAddress.split(entry.key());
        if (hostPort.port() != null) {
            AnsibleVars.check("ansible_port", hostPort.port(), entry.keyWhere());
            vars.put("ansible_port", Integer.parseInt(hostPort.port()));
        }
        vars.putAll(checkedVars(entry.value(), "vars of host '" + entry.key() + "'"));
        for (String name : HostRanges.expandAnsible(hostPort.pattern(), entry.keyWhere().offsets())) {
            draft.host(name, entry.keyWhere()).vars.putAll(vars);
            if (group != null) {
                group.hosts.putIfAbsent(name, entry.keyWhere());
            }
        }
    }

    private Map<String, Object> checkedVars(YamlNode node, String what) {
        Map<String, Object> vars = YamlValues.vars(node, what, draft);
        YamlNode.Mapping mapping = YamlValues.mapping(node, what);
        vars.forEach((key, value) -> AnsibleVars.check(key, value, mapping.entries().get(key).value().where()));
        return vars;
    }
}
