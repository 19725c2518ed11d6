package dev.muster.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One host as resolved from the inventory (and ssh_config, and command-line overrides):
 * how to reach it, and what it is (labels, groups, environment, merged variables).
 *
 * @param name        inventory name, unique; what output shows
 * @param ssh         how to connect
 * @param labels      key=value labels, e.g. role=web
 * @param groups      every group the host belongs to, directly or through child groups
 * @param environment the environment name (dev/test/prod...), or null
 * @param vars        variables merged in the documented order
 *                    (group &lt; child group &lt; host &lt; environment &lt; command line)
 */
public record Host(String name, SshOptions ssh, Map<String, String> labels, List<String> groups,
                   String environment, Map<String, Object> vars) {

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ssh, "ssh");
        labels = Map.copyOf(labels);
        groups = List.copyOf(groups);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }

    /** A host with just an address, for tests and ad-hoc targets. */
    public static Host of(String name, String address, int port) {
        return new Host(name, SshOptions.of(address, port), Map.of(), List.of(), null, Map.of());
    }

    public Host withSsh(SshOptions ssh) {
        return new Host(name, ssh, labels, groups, environment, vars);
    }

    public Host withVars(Map<String, Object> vars) {
        return new Host(name, ssh, labels, groups, environment, vars);
    }

    public String address() {
        return ssh.address();
    }
}
