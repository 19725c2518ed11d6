package dev.muster.ssh;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Turns an inventory {@link Host} into a {@link Target}, filling in the transport's defaults. */
final class TargetResolver {
    private final SshTransportConfig config;
    private final Map<Path, KnownHosts> knownHostsFiles = new ConcurrentHashMap<>();

    TargetResolver(SshTransportConfig config) {
        this.config = config;
    }

    Target resolve(Host host) throws StepFailure {
        SshOptions ssh = host.ssh();
        Hop self = hop(host.name(), ssh, host.name());
        List<Hop> jumps = new ArrayList<>();
        if (ssh.proxyJump() != null && !ssh.proxyJump().isBlank() && !ssh.proxyJump().equals("none")) {
            for (String spec : ssh.proxyJump().split(",")) {
                jumps.add(jumpHop(spec.strip(), ssh));
            }
        }
        return new Target(jumps, self);
    }

    KnownHosts knownHosts(Path file) {
        return knownHostsFiles.computeIfAbsent(file.toAbsolutePath().normalize(), KnownHosts::new);
    }

    private Hop hop(String label, SshOptions ssh, String fallbackAddress) {
        String address = ssh.address() != null ? ssh.address() : fallbackAddress;
        List<Path> keys = new ArrayList<>();
        for (String f : ssh.identityFiles()) {
            keys.add(expandHome(f));
        }
        for (Path p : config.identityFiles()) {
            if (!keys.contains(p)) {
                keys.add(p);
            }
        }
        Path knownHostsFile = ssh.knownHostsFile() != null && !config.knownHostsFileWins()
                ? expandHome(ssh.knownHostsFile()) : config.knownHostsFile();
        return new Hop(label, address, ssh.portOrDefault(), ssh.user() != null ? ssh.user() : config.defaultUser(),
                keys, ssh.connectTimeout() != null ? ssh.connectTimeout() : config.connectTimeout(),
                knownHosts(knownHostsFile));
    }

    /** {@code [user@]host[:port]}; the host name may be an alias the resolver knows. */
    private Hop jumpHop(String spec, SshOptions target) throws StepFailure {
        String rest = spec;
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        int port = 0;
        int colon = rest.lastIndexOf(':');
        boolean bareIpv6 = !rest.startsWith("[") && rest.indexOf(':') != colon;
        if (colon >= 0 && rest.indexOf(']') < colon && !bareIpv6) {
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new StepFailure(FailureKind.UNREACHABLE, "bad ProxyJump port in '" + spec + "'");
            }
            rest = rest.substring(0, colon);
        }
        String name = rest.startsWith("[") && rest.endsWith("]") ? rest.substring(1, rest.length() - 1) : rest;
        if (name.isEmpty()) {
            throw new StepFailure(FailureKind.UNREACHABLE, "bad ProxyJump '" + spec + "': no host");
        }
        SshOptions alias = config.aliasResolver() == null ? null : config.aliasResolver().apply(name);
        SshOptions given = new SshOptions(null, port, user, List.of(), null, null, null);
        SshOptions base = alias != null ? alias : SshOptions.of(name, 0);
        // A jump host inherits the target's timeout and known_hosts unless its alias sets them.
        SshOptions inherited = new SshOptions(name, 0, null, List.of(), null, target.connectTimeout(),
                target.knownHostsFile());
        return hop("jump host " + spec, given.orElse(base).orElse(inherited), name);
    }

    private static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }
}
