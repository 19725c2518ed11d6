package dev.muster.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * The sshd_config of a test sshd: key-only logins, nothing slow (no PAM, no DNS, no MOTD),
 * StrictModes off for files under /tmp, and an explicit MaxStartups and KEX when asked; a test's
 * own option lines come first, so they win over these.
 */
record SshdConfig(List<OpenSshHost> listen, Path hostKey, Path pidFile, Path authorizedKeys,
                  String kex, String maxStartups, int maxSessions, List<String> options) {

    /** sshd accepts at most this many ListenAddress lines. */
    static final int MAX_LISTEN_ADDRESSES = 16;

    SshdConfig {
        if (listen.isEmpty() || listen.size() > MAX_LISTEN_ADDRESSES) {
            throw new IllegalArgumentException("one sshd listens on 1.." + MAX_LISTEN_ADDRESSES
                    + " addresses, not " + listen.size());
        }
        listen = List.copyOf(listen);
        options = List.copyOf(options);
    }

    String render() {
        StringBuilder c = new StringBuilder("# written by muster-testkit\n");
        // first: sshd takes the first value it reads for most keywords, so these beat the defaults below
        options.forEach(line -> c.append(line).append('\n'));
        for (OpenSshHost h : listen) {
            c.append("ListenAddress ").append(h.address()).append(':').append(h.port()).append('\n');
        }
        c.append("HostKey ").append(hostKey).append('\n')
                .append("PidFile ").append(pidFile).append('\n')
                .append("AuthorizedKeysFile ").append(authorizedKeys).append('\n')
                .append("""
                        PermitRootLogin prohibit-password
                        PubkeyAuthentication yes
                        PasswordAuthentication no
                        KbdInteractiveAuthentication no
                        UsePAM no
                        UseDNS no
                        StrictModes no
                        PrintMotd no
                        PrintLastLog no
                        X11Forwarding no
                        Subsystem sftp internal-sftp
                        LogLevel ERROR
                        """)
                .append("MaxSessions ").append(maxSessions).append('\n');
        if (maxStartups != null) {
            c.append("MaxStartups ").append(maxStartups).append('\n');
        }
        if (kex != null) {
            c.append("KexAlgorithms ").append(kex).append('\n');
        }
        return c.toString();
    }
}
