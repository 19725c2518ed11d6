package dev.muster.cli.command;

import dev.muster.core.inventory.SshOptions;
import dev.muster.ssh.HostKeyPolicy;
import dev.muster.ssh.SshTransportConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * How a command's SSH transport is set up, assembled once from the common options (muster.yaml's
 * defaults included): the only place they become an {@link SshTransportConfig}, whether the command
 * builds its own transport or the persist daemon keeps one for it.
 *
 * @param knownHosts  --known-hosts, or null for known_hosts_file / ~/.ssh/known_hosts
 * @param sshConfig   the ssh_config whose aliases the inventory resolves, or null
 * @param inventories the inventory files (their aliases reach the transport)
 * @param compress    SSH compression (push --compress)
 * @param forks       hosts at once: a command's own pool is sized above it
 * @param visitsOnce  the command reaches each host once (run, template, push without --watch): its
 *                    pool need not keep sessions for hosts it is done with
 */
public record TransportOptions(boolean acceptNew, Duration connectTimeout, Path knownHosts, List<Path> identities,
                               Path sshConfig, List<Path> inventories, boolean compress, int forks,
                               boolean visitsOnce) {
    public TransportOptions {
        identities = List.copyOf(identities);
        inventories = List.copyOf(inventories);
    }

    static TransportOptions of(CommonOptions o) {
        return new TransportOptions(o.acceptNew, o.connectTimeout, o.knownHosts, o.identities, o.sshConfigFile(),
                o.inventoryFiles(), o.compress, o.forks, o.visitsOnce);
    }

    /**
     * A transport for one command: pool bounds above the fan-out, so hosts never queue for a session,
     * and below the open-files limit: idle sessions beyond it are closed, oldest first.
     */
    SshTransportConfig forOneCommand(Function<String, SshOptions> aliases) {
        FdBudget fds = FdBudget.current();   // -f itself was checked against it before (Workspace)
        int wanted = visitsOnce ? Math.max(256, forks * 2) : Math.max(4096, forks * 2);
        return builder(aliases).maxSessions(fds.maxSessions(wanted, forks)).maxWaiting(Math.max(1024, forks * 4))
                .build();
    }

    /** A transport the persist daemon keeps between commands: its sessions live as long as the daemon idles. */
    public SshTransportConfig persistent(Function<String, SshOptions> aliases, Duration persist) {
        SshTransportConfig.Builder b = builder(aliases).maxSessions(8192).maxWaiting(16384).idleTimeout(persist);
        if (persist.compareTo(SshTransportConfig.defaults().maxLifetime()) > 0) {
            b.maxLifetime(persist);
        }
        return b.build();
    }

    private SshTransportConfig.Builder builder(Function<String, SshOptions> aliases) {
        SshTransportConfig.Builder b = SshTransportConfig.defaults().toBuilder()
                .hostKeyPolicy(acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT)
                .connectTimeout(connectTimeout)
                .compression(compress)
                .aliasResolver(aliases)
                .passphraseProvider(TransportOptions::askPassphrase);
        if (knownHosts != null) {
            b.commandLineKnownHostsFile(knownHosts); // beats UserKnownHostsFile and known_hosts_file, as ssh -o does
        }
        for (Path identity : identities) {
            b.addIdentityFile(identity);
        }
        return b;
    }

    /** Asks once per key on the controlling terminal; with no terminal an encrypted key cannot be used. */
    private static char[] askPassphrase(Path key) {
        java.io.Console console = System.console();
        if (console == null) {
            return null;
        }
        synchronized (TransportOptions.class) {
            return console.readPassword("Passphrase for %s: ", key);
        }
    }
}
