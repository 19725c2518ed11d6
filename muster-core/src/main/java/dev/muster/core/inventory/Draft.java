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
    /** Connection variables stay visible even in a vault-encrypted file (an address is not a secret). */
    private static final Set<String> CONNECTION_VARS = Set.of("ansible_host", "ansible_ssh_host", "ansible_port",
            "ansible_ssh_port", "ansible_user", "ansible_ssh_user", "ansible_ssh_private_key_file",
            "ansible_private_key_file", "ansible_connection");

    /** Resolves the secrets readers create ({@code !vault}, env, file, command sources). */
    final dev.muster.core.secret.SecretResolver secrets;
    /** The directory of the file being read: relative secret file paths resolve against it. */
    java.nio.file.Path baseDir;
    /** Whether the file being read was vault-encrypted: then every string variable value in it is secret. */
    boolean encryptedFile;

    SshOptions defaults = NO_SSH;
    final Map<String, Object> vars = new LinkedHashMap<>();
    final Set<String> secretNames = new LinkedHashSet<>();
    final Set<String> secretValues = new LinkedHashSet<>();
    final Map<String, HostDraft> hosts = new LinkedHashMap<>();
    final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    final Map<String, EnvDraft> environments = new LinkedHashMap<>();
    /** The {@code relays:} rules, in file order (later files' rules after earlier ones). */
    final List<dev.muster.core.relay.RelayRule> relays = new ArrayList<>();
    /** The {@code windows:}, by name (a later file's window replaces a same-named earlier one), and where. */
    final Map<String, dev.muster.core.window.Window> windows = new LinkedHashMap<>();
    final Map<String, Where> windowsDeclared = new LinkedHashMap<>();
    /** Vars from group_vars/ and host_vars/ files beside the inventories, by group or host name. */
    final Map<String, Map<String, Object>> inventoryGroupFiles = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> inventoryHostFiles = new LinkedHashMap<>();
    /** The same from the playbook directory given with --vars-dir: they win over the former. */
    final Map<String, Map<String, Object>> playGroupFiles = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> playHostFiles = new LinkedHashMap<>();

    /** A draft whose secrets resolve with no vault passwords and this process's environment. */
    Draft() {
        this(dev.muster.core.secret.SecretResolver.plain());
    }

    Draft(dev.muster.core.secret.SecretResolver secrets) {
        this.secrets = secrets;
    }

    /**
     * Called by readers for every variable they read: in a vault-encrypted file, its string values
     * (at any depth) are secret, except connection variables.
     */
    void noteValue(String name, Object value) {
        if (encryptedFile && !CONNECTION_VARS.contains(name)) {
            addStrings(value);
        }
    }

    private void addStrings(Object value) {
        if (value instanceof String s) {
            secretValues.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(this::addStrings);
        } else if (value instanceof java.util.Collection<?> list) {
            list.forEach(this::addStrings);
        }
    }

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
