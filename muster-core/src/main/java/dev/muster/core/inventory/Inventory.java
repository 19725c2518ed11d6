package dev.muster.core.inventory;

import dev.muster.core.InputException;
import dev.muster.core.Redactor;
import dev.muster.core.secret.Secret;
import dev.muster.core.secret.SecretResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resolved fleet: hosts with their ssh options, labels, groups, environment and merged
 * variables, plus the groups and environments they were declared with. Immutable; built by
 * {@link InventoryLoader} or, for tests and tools, {@link #of(List, Map)}.
 */
public final class Inventory {
    /** The implicit group every host belongs to. */
    public static final String ALL = "all";
    /** The implicit group of hosts in no group but {@code all}, as in Ansible. */
    public static final String UNGROUPED = "ungrouped";

    private final List<Host> hosts;
    private final Map<String, Host> byName;
    private final HostSet names;
    private final Map<String, HostSet> groups;
    private final Set<String> environments;
    private final Set<String> protectedEnvironments;
    private final Redactor redactor;
    private final SshConfig sshConfig;
    private final SecretResolver secrets;
    private List<dev.muster.core.relay.RelayRule> relays = List.of();
    private Map<String, dev.muster.core.window.Window> windows = Map.of();
    private Map<String, Where> windowsDeclared = Map.of();

    Inventory(List<Host> hosts, Map<String, HostSet> groups, Set<String> environments,
              Set<String> protectedEnvironments, Redactor redactor, SshConfig sshConfig, SecretResolver secrets) {
        Map<String, Host> index = new HashMap<>();
        for (Host host : hosts) {
            if (index.put(host.name(), host) != null) {
                throw new IllegalArgumentException("duplicate host " + host.name());
            }
        }
        List<Host> sorted = new ArrayList<>(hosts);
        sorted.sort((a, b) -> NameOrder.INSTANCE.compare(a.name(), b.name()));
        this.hosts = List.copyOf(sorted);
        this.byName = Map.copyOf(index);
        this.names = HostSet.of(index.keySet());
        Map<String, HostSet> allGroups = new TreeMap<>(groups);
        allGroups.put(ALL, names);
        this.groups = Collections.unmodifiableMap(allGroups);
        Set<String> envs = new TreeSet<>(environments);
        hosts.stream().map(Host::environment).filter(e -> e != null).forEach(envs::add);
        this.environments = Collections.unmodifiableSet(envs);
        this.protectedEnvironments = Set.copyOf(protectedEnvironments);
        this.redactor = redactor;
        this.sshConfig = sshConfig;
        this.secrets = secrets;
    }

    /** An inventory of exactly these hosts and groups: no environments declared, no secrets. */
    public static Inventory of(List<Host> hosts, Map<String, HostSet> groups) {
        SecretResolver plain = SecretResolver.plain();
        return new Inventory(hosts, groups, Set.of(), Set.of(), Redactor.of(List.of(), plain.known()), null, plain);
    }

    /** How this inventory's secrets are resolved: vault passwords, values resolved so far. */
    public SecretResolver secrets() {
        return secrets;
    }

    /**
     * This inventory with nothing resolved yet, for one run of a long-lived server: its secrets are
     * resolved again (vault decrypted, commands run) when the run needs them. Values resolved by
     * earlier runs stay known to the redactor, so they remain masked.
     */
    public Inventory forRun() {
        SecretResolver fresh = secrets.fresh();
        List<Host> rebound = new ArrayList<>(hosts.size());
        for (Host host : hosts) {
            if (host.vars().values().stream().anyMatch(Secret::containsSecret)) {
                Map<String, Object> vars = new java.util.LinkedHashMap<>();
                host.vars().forEach((k, v) -> vars.put(k, Secret.rebind(v, fresh)));
                host = host.withVars(vars);
            }
            rebound.add(host);
        }
        Map<String, HostSet> declared = new TreeMap<>(groups);
        declared.remove(ALL);
        return new Inventory(rebound, declared, environments, protectedEnvironments, redactor, sshConfig, fresh)
                .withRelays(relays).withWindows(windows, windowsDeclared);
    }

    /** This inventory with these {@code windows:} (by name) and where each is declared. */
    Inventory withWindows(Map<String, dev.muster.core.window.Window> windows, Map<String, Where> declared) {
        this.windows = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(windows));
        this.windowsDeclared = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(declared));
        return this;
    }

    /** Maintenance windows declared in the inventory's {@code windows:}, by name, for plans to use. */
    public Map<String, dev.muster.core.window.Window> windows() {
        return windows;
    }

    /** Where the inventory declares window {@code name} (for messages), if it does. */
    public Optional<Where> windowDeclared(String name) {
        return Optional.ofNullable(windowsDeclared.get(name));
    }

    /** This inventory with these {@code relays:} rules. */
    Inventory withRelays(List<dev.muster.core.relay.RelayRule> rules) {
        this.relays = List.copyOf(rules);
        return this;
    }

    /** The {@code relays:} rules, in file order (see {@link dev.muster.core.relay.RelayRoutes}). */
    public List<dev.muster.core.relay.RelayRule> relays() {
        return relays;
    }

    /** All hosts, in the order of their names (HostSet.NAME_ORDER: web2 before web10). */
    public List<Host> hosts() {
        return hosts;
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public HostSet names() {
        return names;
    }

    /** Every group name, including the implicit {@code all}. */
    public Set<String> groupNames() {
        return groups.keySet();
    }

    /** The members of a group (through child groups too). */
    public HostSet group(String name) {
        HostSet members = groups.get(name);
        if (members == null) {
            throw new InputException("no group named '" + name + "'" + Names.suggestion(name, groups.keySet()));
        }
        return members;
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    /** Environments declared in the inventory or named by a host. */
    public Set<String> environments() {
        return environments;
    }

    /** A protected environment asks for confirmation before changes (the CLI decides how). */
    public boolean isProtected(String environment) {
        return environment != null && protectedEnvironments.contains(environment);
    }

    /** The hosts of a set that exist in this inventory, in HostSet.NAME_ORDER. */
    public List<Host> hosts(HostSet set) {
        List<Host> out = new ArrayList<>(set.size());
        for (String name : set) {
            Host host = byName.get(name);
            if (host != null) {
                out.add(host);
            }
        }
        return out;
    }

    /** Masks every secret value of this inventory. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * How to reach a name used as a jump host (ProxyJump): an inventory host's ssh options,
     * else what ssh_config says for it, else the name itself as the address.
     */
    public SshOptions resolveAlias(String alias) {
        Host host = byName.get(alias);
        if (host != null) {
            return host.ssh();
        }
        SshOptions bare = SshOptions.of(alias, 0);
        return sshConfig == null ? bare : sshConfig.resolve(alias).orElse(bare);
    }

    /** The hosts a selector picks, e.g. {@code @web&env=prod,!web03}. */
    public List<Host> select(String selectorText) {
        return hosts(Selector.parse(selectorText).evaluate(this));
    }
}
