package dev.muster.files;

import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.Fleet;
import java.util.List;

/** The SSH transport muster-files tests use against a test fleet: its known_hosts and key, no agent. */
public final class FleetTransports {
    private FleetTransports() {
    }

    public static SshTransport of(Fleet fleet) {
        return new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .identityFiles(List.of(fleet.clientKey().privateKeyFile())).useAgent(false).build());
    }
}
