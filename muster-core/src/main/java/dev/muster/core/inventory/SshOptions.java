package dev.muster.core.inventory;

import java.time.Duration;
import java.util.List;

/**
 * How to reach one host over SSH. Null/0/empty means "not set here": the transport then
 * uses its defaults (port 22, the current user, ~/.ssh/id_* keys, ~/.ssh/known_hosts).
 *
 * @param address        host name or IP address to connect to (HostName)
 * @param port           TCP port, 0 for the default (22)
 * @param user           login user, or null
 * @param identityFiles  private key files to try, in order
 * @param proxyJump      ProxyJump spec ("[user@]host[:port]", comma-separated for chains), or null
 * @param connectTimeout connect timeout, or null
 * @param knownHostsFile a known_hosts file for this host (UserKnownHostsFile), or null
 */
public record SshOptions(String address, int port, String user, List<String> identityFiles,
                         String proxyJump, Duration connectTimeout, String knownHostsFile) {

    public SshOptions {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
    }

    public static SshOptions of(String address, int port) {
        return new SshOptions(address, port, null, List.of(), null, null, null);
    }

    public int portOrDefault() {
        return port > 0 ? port : 22;
    }

    /** Fields set here win; unset ones are taken from {@code fallback}. */
    public SshOptions orElse(SshOptions fallback) {
        return new SshOptions(
                address != null ? address : fallback.address,
                port > 0 ? port : fallback.port,
                user != null ? user : fallback.user,
                !identityFiles.isEmpty() ? identityFiles : fallback.identityFiles,
                proxyJump != null ? proxyJump : fallback.proxyJump,
                connectTimeout != null ? connectTimeout : fallback.connectTimeout,
                knownHostsFile != null ? knownHostsFile : fallback.knownHostsFile);
    }

    public SshOptions withUser(String user) {
        return new SshOptions(address, port, user, identityFiles, proxyJump, connectTimeout, knownHostsFile);
    }

    public SshOptions withIdentityFiles(List<String> identityFiles) {
        return new SshOptions(address, port, user, identityFiles, proxyJump, connectTimeout, knownHostsFile);
    }
}
