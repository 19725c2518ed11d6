package dev.muster.core.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the native muster YAML format documented on {@link InventoryLoader}. */
final class MusterYamlReader {
    static final List<String> ROOT_KEYS =
            List.of("defaults", "vars", "secrets", "hosts", "groups", "environments", "relays", "windows");
    private static final List<String> RELAY_KEYS = List.of("hosts", "identity_file");
    private static final List<String> SSH_KEYS =
            List.of("user", "port", "identity_file", "proxy_jump", "connect_timeout", "known_hosts_file");
    private static final List<String> HOST_KEYS = List.of("address", "user", "port", "identity_file", "proxy_jump",
            "connect_timeout", "known_hosts_file", "labels", "env", "vars");
    private static final List<String> GROUP_KEYS = List.of("hosts", "children", "vars", "env");
    private static final List<String> ENV_KEYS = List.of("vars", "protected");

    private final Draft draft;
    private final Map<String, Where> definedHere = new HashMap<>();

    private MusterYamlReader(Draft draft) {
        this.draft = draft;
    }

    static void read(YamlNode root, Draft draft) {
        YamlNode.Mapping top = YamlValues.mapping(root, "the inventory");
        YamlValues.allowKeys(top, "the inventory", ROOT_KEYS);
        new MusterYamlReader(draft).readRoot(top);
    }

    private void readRoot(YamlNode.Mapping top) {
        Map<String, YamlNode.Entry> e = top.entries();
        if (e.containsKey("defaults")) {
            YamlNode.Mapping defaults = YamlValues.mapping(e.get("defaults").value(), "defaults");
            YamlValues.allowKeys(defaults, "defaults", SSH_KEYS);
            draft.defaults = ssh(defaults, null).orElse(draft.defaults);
        }
        if (e.containsKey("vars")) {
            draft.vars.putAll(YamlValues.vars(e.get("vars").value(), "vars", draft));
        }
        if (e.containsKey("secrets")) {
            YamlValues.strings(e.get("secrets").value(), "secrets").forEach(s -> draft.secretNames.add(s.value().toString()));
        }
        if (e.containsKey("hosts")) {
            YamlValues.mapping(e.get("hosts").value(), "hosts").entries().values().forEach(this::readHost);
        }
        if (e.containsKey("groups")) {
            YamlValues.mapping(e.get("groups").value(), "groups").entries().values().forEach(this::readGroup);
        }
        if (e.containsKey("environments")) {
            YamlValues.mapping(e.get("environments").value(), "environments").entries().values().forEach(this::readEnv);
        }
        if (e.containsKey("relays")) {
            YamlValues.mapping(e.get("relays").value(), "relays").entries().values().forEach(this::readRelay);
        }
        if (e.containsKey("windows")) {
            readWindows(e.get("windows").value());
        }
    }

    /** {@code windows:}: maintenance windows plans may name, in the same schema as a plan's. */
    private void readWindows(YamlNode node) {
        dev.muster.core.window.WindowReader.Read read = dev.muster.core.window.WindowReader.read(node);
        if (!read.problems().isEmpty()) {
            throw read.problems().size() == 1 ? read.problems().getFirst() : new dev.muster.core.InputException(read.problems());
        }
        draft.windows.putAll(read.windows());
        draft.windowsDeclared.putAll(read.declared());
    }

    private void readHost(YamlNode.Entry entry) {
        String what = "host '" + entry.key() + "'";
        // overlapping ranges in one key (node[1-5],node[3-7]) name each host once, as in nodeset
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(HostRanges.expand(entry.key(), entry.keyWhere().offsets())));
        YamlNode.Mapping body = YamlValues.mapping(entry.value(), what);
        YamlValues.allowKeys(body, what, HOST_KEYS);
        List<String> addresses = addresses(body, names, entry.key());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Where previous = definedHere.putIfAbsent(name, entry.keyWhere());
            if (previous != null) {
                throw entry.keyWhere().error("host " + name + " is defined twice (also at line " + previous.line() + ")");
            }
            Draft.HostDraft host = draft.host(name, entry.keyWhere());
            host.where = entry.keyWhere();
            host.ssh = ssh(body, addresses == null ? null : addresses.get(i)).orElse(host.ssh);
            Map<String, YamlNode.Entry> e = body.entries();
            if (e.containsKey("labels")) {
                host.labels.putAll(YamlValues.labels(e.get("labels").value(), "labels of " + what));
            }
            if (e.containsKey("env")) {
                host.env = YamlValues.string(e.get("env").value(), "env of " + what);
            }
            if (e.containsKey("vars")) {
                host.vars.putAll(YamlValues.vars(e.get("vars").value(), "vars of " + what, draft));
            }
        }
    }

    /** One address per host: a range of the same length is zipped with the host range. */
    private static List<String> addresses(YamlNode.Mapping body, List<String> names, String key) {
        YamlNode node = body.entries().containsKey("address") ? body.entries().get("address").value() : null;
        if (node == null) {
            return null;
        }
        String address = YamlValues.string(node, "address");
        if (!HostRanges.hasRange(address)) {
            return java.util.Collections.nCopies(names.size(), address);
        }
        List<String> addresses = HostRanges.expand(address, node.where().offsets());
        if (addresses.size() != names.size()) {
            throw node.where().error("address range \"" + address + "\" has " + addresses.size()
                    + " addresses but host range \"" + key + "\" has " + names.size() + " names");
        }
        return addresses;
    }

    private static SshOptions ssh(YamlNode.Mapping body, String address) {
        Map<String, YamlNode.Entry> e = body.entries();
        return new SshOptions(address,
                e.containsKey("port") ? YamlValues.port(e.get("port").value(), "port") : 0,
                e.containsKey("user") ? YamlValues.string(e.get("user").value(), "user") : null,
                e.containsKey("identity_file")
                        ? YamlValues.strings(e.get("identity_file").value(), "identity_file").stream()
                                .map(s -> s.value().toString()).toList()
                        : List.of(),
                e.containsKey("proxy_jump") ? YamlValues.string(e.get("proxy_jump").value(), "proxy_jump") : null,
                e.containsKey("connect_timeout")
                        ? YamlValues.duration(e.get("connect_timeout").value(), "connect_timeout") : null,
                e.containsKey("known_hosts_file")
                        ? YamlValues.string(e.get("known_hosts_file").value(), "known_hosts_file") : null);
    }

    private void readGroup(YamlNode.Entry entry) {
        String what = "group '" + entry.key() + "'";
        if (entry.key().equals(Inventory.ALL)) {
            throw entry.keyWhere().error("group 'all' is implicit: put its vars under the top-level 'vars'");
        }
        YamlNode.Mapping body = YamlValues.mapping(entry.value(), what);
        YamlValues.allowKeys(body, what, GROUP_KEYS);
        Draft.GroupDraft group = draft.group(entry.key(), entry.keyWhere());
        Map<String, YamlNode.Entry> e = body.entries();
        if (e.containsKey("hosts")) {
            for (YamlNode.Scalar item : YamlValues.strings(e.get("hosts").value(), "hosts of " + what)) {
                for (String name : HostRanges.expand(item.value().toString(), item.where().offsets())) {
                    group.hosts.putIfAbsent(name, item.where());
                }
            }
        }
        if (e.containsKey("children")) {
            for (YamlNode.Scalar item : YamlValues.strings(e.get("children").value(), "children of " + what)) {
                group.children.add(new Draft.Ref(item.value().toString(), item.where()));
            }
        }
        if (e.containsKey("vars")) {
            group.vars.putAll(YamlValues.vars(e.get("vars").value(), "vars of " + what, draft));
        }
        if (e.containsKey("env")) {
            group.env = YamlValues.string(e.get("env").value(), "env of " + what);
        }
    }

    /** {@code RELAY: {hosts: SELECTOR, identity_file: PATH-ON-THE-RELAY}}: the selected hosts are reached through RELAY. */
    private void readRelay(YamlNode.Entry entry) {
        String what = "relay '" + entry.key() + "'";
        YamlNode.Mapping body = YamlValues.mapping(entry.value(), what);
        YamlValues.allowKeys(body, what, RELAY_KEYS);
        Map<String, YamlNode.Entry> e = body.entries();
        if (!e.containsKey("hosts")) {
            throw entry.keyWhere().error(what + " needs 'hosts': a selector naming the hosts it reaches");
        }
        String selector = YamlValues.string(e.get("hosts").value(), "hosts of " + what);
        String identity = e.containsKey("identity_file")
                ? YamlValues.string(e.get("identity_file").value(), "identity_file of " + what) : null;
        draft.relays.add(new dev.muster.core.relay.RelayRule(entry.key(), selector, identity, entry.keyWhere()));
    }

    private void readEnv(YamlNode.Entry entry) {
        String what = "environment '" + entry.key() + "'";
        YamlNode.Mapping body = YamlValues.mapping(entry.value(), what);
        YamlValues.allowKeys(body, what, ENV_KEYS);
        Draft.EnvDraft env = draft.environment(entry.key());
        if (body.entries().containsKey("vars")) {
            env.vars.putAll(YamlValues.vars(body.entries().get("vars").value(), "vars of " + what, draft));
        }
        if (body.entries().containsKey("protected")) {
            env.isProtected = YamlValues.bool(body.entries().get("protected").value(), "protected");
        }
    }
}
