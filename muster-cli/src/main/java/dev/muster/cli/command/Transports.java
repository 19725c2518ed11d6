package dev.muster.cli.command;

import dev.muster.cli.persist.SharedTransports;

import dev.muster.cli.output.ScopedLocal;
import dev.muster.core.exec.Transport;
import dev.muster.ssh.HostKeyPolicy;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import java.nio.file.Path;

/** Builds the SSH transport from the common options. */
public final class Transports {
    private Transports() {
    }

    /** Set for the persist daemon's commands (and the threads they start): transports outlive them. */
    private static final ScopedLocal<SharedTransports> SHARED = new ScopedLocal<>();

    public static <T> T sharing(SharedTransports cache, java.util.concurrent.Callable<T> body) throws Exception {
        return SHARED.with(cache, body);
    }

    /**
     * The transport for one command. In the persist daemon it is a shared one whose sessions
     * outlive the command (closing it releases it); otherwise a new one the command closes.
     */
    static Transport forCommand(CommonOptions o, java.util.function.Function<String, dev.muster.core.inventory.SshOptions> aliases) {
        SharedTransports cache = SHARED.get();
        if (cache == null) {
            return ssh(o, aliases);
        }
        return cache.acquire(SharedTransports.Key.of(o), aliases,
                (delegating, persist) -> {
                    SshTransportConfig.Builder b = builder(o, delegating)
                            .maxSessions(8192).maxWaiting(16384).idleTimeout(persist);
                    if (persist.compareTo(SshTransportConfig.defaults().maxLifetime()) > 0) {
                        b.maxLifetime(persist);
                    }
                    return new SshTransport(b.build());
                });
    }

    static Transport ssh(CommonOptions o, java.util.function.Function<String, dev.muster.core.inventory.SshOptions> aliases) {
        // Keep pool bounds above the fan-out so hosts never queue behind each other for a session.
        return new SshTransport(builder(o, aliases).maxSessions(Math.max(4096, o.forks * 2))
                .maxWaiting(Math.max(1024, o.forks * 4)).build());
    }

    private static SshTransportConfig.Builder builder(CommonOptions o,
                                                      java.util.function.Function<String, dev.muster.core.inventory.SshOptions> aliases) {
        SshTransportConfig.Builder b = SshTransportConfig.defaults().toBuilder()
                .hostKeyPolicy(o.acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT)
                .connectTimeout(o.connectTimeout)
                .compression(o.compress)
                .aliasResolver(aliases)
                .passphraseProvider(Transports::askPassphrase);
        if (o.knownHosts != null) {
            b.commandLineKnownHostsFile(o.knownHosts); // beats UserKnownHostsFile and known_hosts_file, as ssh -o does
        }
        for (Path identity : o.identities) {
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
        synchronized (Transports.class) {
            return console.readPassword("Passphrase for %s: ", key);
        }
    }
}
