package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the readers found, before resolution: every format fills one of these, and several
 * files fill the same one (later files add hosts and groups and override same-named hosts).
 */
final class Draft {
    static final SshOptions NO_SSH = new SshOptions(null, 0, null, List.of(), null, null, null);

    SshOptions defaults = NO_SSH;
    final Map<String, Object> vars = new LinkedHashMap<>();
    final Set<String> secretNames = new LinkedHashSet<>();
    final Set<String> secretValues = new LinkedHashSet<>();
    final Map<String, HostDraft> hosts = new LinkedHashMap<>();
    final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    final Map<String, EnvDraft> environments = new LinkedHashMap<>();
    /** Vars from group_vars/ and host_vars/ files beside the inventories, by group or host name. */
    final Map<String, Map<String, Object>> inventoryGroupFiles = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> inventoryHostFiles = new LinkedHashMap<>();
    /** The same from the playbook directory given with --vars-dir: they win over the former. */
    final Map<String, Map<String, Object>> playGroupFiles = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> playHostFiles = new LinkedHashMap<>();

    record Ref(String name, Where where) {
    }

    static final class HostDraft {
        final String name;
        Where where;
        SshOptions ssh = NO_SSH;
        final Map<String, String> labels = new LinkedHashMap<>();
        String env;
        final Map<String, Object> vars = new LinkedHashMap<>();

        HostDraft(String name, Where where) {
            this.name = name;
            this.where = where;
        }
    }

    static final class GroupDraft {
        final String name;
        Where where;
        final Map<String, Where> hosts = new LinkedHashMap<>();
        final List<Ref> children = new ArrayList<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        String env;
        /** Ansible's ansible_group_priority: among groups of one depth, higher comes later (wins). */
        int priority = 1;

        GroupDraft(String name, Where where) {
            this.name = name;
            this.where = where;
        }
    }

    static final class EnvDraft {
        final Map<String, Object> vars = new LinkedHashMap<>();
        boolean isProtected;
    }

    /** The host of that name, created on first mention; later mentions override field by field. */
    HostDraft host(String name, Where where) {
        return hosts.computeIfAbsent(name, n -> new HostDraft(n, where));
    }

    /** Every host a group lists exists, reached at its name unless something says otherwise. */
    void addGroupMembers() {
        for (GroupDraft group : groups.values()) {
            group.hosts.forEach(this::host);
        }
    }

    GroupDraft group(String name, Where where) {
        return groups.computeIfAbsent(name, n -> new GroupDraft(n, where));
    }

    EnvDraft environment(String name) {
        return environments.computeIfAbsent(name, n -> new EnvDraft());
    }
}
