package dev.muster.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One SSH server to authenticate to: the target host, or a jump host on the way to it.
 *
 * @param label          what messages call it (the inventory name, or the ProxyJump spec)
 * @param address        host name or IP to connect to, also what known_hosts is checked against
 * @param port           TCP port
 * @param user           login user
 * @param identityFiles  keys to offer, in order
 * @param connectTimeout connect + key exchange + authentication
 * @param knownHosts     the known_hosts file checked for this hop
 */
record Hop(String label, String address, int port, String user, List<Path> identityFiles,
           Duration connectTimeout, KnownHosts knownHosts) {

    Hop {
        identityFiles = List.copyOf(identityFiles);
    }

    String hostId() {
        return KnownHosts.hostId(address, port);
    }

    String endpoint() {
        return address + ":" + port;
    }
}
