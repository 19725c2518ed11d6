package dev.muster.core.inventory;

import dev.muster.core.Redactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a draft into an {@link Inventory}: membership, environments, merged vars, ssh options, secrets. */
final class InventoryResolver {
    private final Draft draft;
    private final SshConfig sshConfig;
    private final Map<String, Object> extraVars;
    private final GroupGraph graph;

    InventoryResolver(Draft draft, SshConfig sshConfig, Map<String, Object> extraVars) {
        this.draft = draft;
        this.sshConfig = sshConfig;
        this.extraVars = extraVars;
        draft.group(Inventory.UNGROUPED, new Where("inventory", 0, 0));
        this.graph = new GroupGraph(draft.groups);
    }

    Inventory resolve() {
        draft.addGroupMembers();
        Map<String, HostSet> groupSets = new HashMap<>();
        Map<String, List<String>> groupsOfHost = new HashMap<>();
        for (String group : draft.groups.keySet()) {
            if (group.equals(Inventory.UNGROUPED)) {
                continue; // computed below, whatever the files listed in it
            }
            Set<String> members = graph.members(group);
            groupSets.put(group, HostSet.of(members));
            members.forEach(h -> groupsOfHost.computeIfAbsent(h, k -> new ArrayList<>()).add(group));
        }
        List<String> ungrouped = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        for (Draft.HostDraft host : draft.hosts.values()) {
            List<String> groups = new ArrayList<>(groupsOfHost.getOrDefault(host.name, List.of()));
            if (groups.isEmpty()) {
                groups.add(Inventory.UNGROUPED);
                ungrouped.add(host.name);
            }
            groups.sort(graph.precedence());
            hosts.add(host(host, groups));
        }
        groupSets.put(Inventory.UNGROUPED, HostSet.of(ungrouped));
        Set<String> protectedEnvs = new TreeSet<>();
        draft.environments.forEach((name, env) -> {
            if (env.isProtected) {
                protectedEnvs.add(name);
            }
        });
        return new Inventory(hosts, groupSets, draft.environments.keySet(), protectedEnvs,
                Redactor.of(secrets(hosts), draft.secrets.known()), sshConfig, draft.secrets).withRelays(draft.relays)
                .withWindows(draft.windows, draft.windowsDeclared);
    }

    private Host host(Draft.HostDraft host, List<String> groups) {
        String env = environment(host, groups);
        Map<String, Object> vars = new LinkedHashMap<>(draft.vars);
        for (String group : groups) {
            vars.putAll(draft.groups.get(group).vars);
        }
        // Ansible's order: group_vars files beat any inline group vars, all before the others,
        // the inventory's directory before --vars-dir; then host vars the same way.
        vars.putAll(draft.inventoryGroupFiles.getOrDefault(Inventory.ALL, Map.of()));
        vars.putAll(draft.playGroupFiles.getOrDefault(Inventory.ALL, Map.of()));
        for (String group : groups) {
            vars.putAll(draft.inventoryGroupFiles.getOrDefault(group, Map.of()));
        }
        for (String group : groups) {
            vars.putAll(draft.playGroupFiles.getOrDefault(group, Map.of()));
        }
        vars.putAll(host.vars);
        vars.putAll(draft.inventoryHostFiles.getOrDefault(host.name, Map.of()));
        vars.putAll(draft.playHostFiles.getOrDefault(host.name, Map.of()));
        if (env != null && draft.environments.containsKey(env)) {
            vars.putAll(draft.environments.get(env).vars);
        }
        vars.putAll(extraVars);
        SshOptions ssh = host.ssh.orElse(AnsibleVars.ssh(vars)).orElse(draft.defaults);
        if (sshConfig != null) {
            ssh = ssh.orElse(sshConfig.resolve(host.name));
        }
        ssh = ssh.orElse(SshOptions.of(host.name, 0));
        Map<String, String> labels = new LinkedHashMap<>(host.labels);
        if (env != null) {
            labels.putIfAbsent("env", env);
        }
        List<String> allGroups = new ArrayList<>();
        allGroups.add(Inventory.ALL);
        allGroups.addAll(groups);
        return new Host(host.name, ssh, labels, allGroups, env, vars);
    }

    /** The host's own env, else the one env its groups agree on. */
    private String environment(Draft.HostDraft host, List<String> groups) {
        if (host.env != null) {
            return host.env;
        }
        String env = null;
        String from = null;
        for (String group : groups) {
            String groupEnv = draft.groups.get(group).env;
            if (groupEnv != null && env != null && !groupEnv.equals(env)) {
                throw host.where.error("host " + host.name + " gets environment '" + env + "' from group " + from
                        + " and '" + groupEnv + "' from group " + group + "; set env on the host");
            }
            if (groupEnv != null && env == null) {
                env = groupEnv;
                from = group;
            }
        }
        return env;
    }

    private Set<String> secrets(List<Host> hosts) {
        Set<String> values = new LinkedHashSet<>(draft.secretValues);
        List<Map<String, Object>> scopes = new ArrayList<>();
        scopes.add(draft.vars);
        scopes.add(extraVars);
        draft.groups.values().forEach(g -> scopes.add(g.vars));
        for (Map<String, Map<String, Object>> files : List.of(draft.inventoryGroupFiles, draft.playGroupFiles,
                draft.inventoryHostFiles, draft.playHostFiles)) {
            scopes.addAll(files.values());
        }
        draft.environments.values().forEach(e -> scopes.add(e.vars));
        hosts.forEach(h -> scopes.add(h.vars()));
        for (Map<String, Object> scope : scopes) {
            for (String name : draft.secretNames) {
                Object value = scope.get(name);
                if (value != null && !(value instanceof dev.muster.core.secret.Secret)) {
                    values.add(value.toString());   // a Secret is masked once resolved
                }
            }
        }
        return values;
    }
}
