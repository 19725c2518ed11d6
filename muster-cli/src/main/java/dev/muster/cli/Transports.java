package dev.muster.cli;

import dev.muster.core.exec.Transport;
import dev.muster.ssh.HostKeyPolicy;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import java.nio.file.Path;

/** Builds the SSH transport from the common options. */
final class Transports {
    private Transports() {
    }

    static Transport ssh(CommonOptions o, java.util.function.Function<String, dev.muster.core.inventory.SshOptions> aliases) {
        SshTransportConfig.Builder b = SshTransportConfig.defaults().toBuilder()
                .hostKeyPolicy(o.acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT)
                .connectTimeout(o.connectTimeout)
                .aliasResolver(aliases)
                .passphraseProvider(Transports::askPassphrase);
        if (o.knownHosts != null) {
            b.knownHostsFile(o.knownHosts);
        }
        for (Path identity : o.identities) {
            b.addIdentityFile(identity);
        }
        // Keep pool bounds above the fan-out so hosts never queue behind each other for a session.
        b.maxSessions(Math.max(4096, o.forks * 2)).maxWaiting(Math.max(1024, o.forks * 4));
        return new SshTransport(b.build());
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
