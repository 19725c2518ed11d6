package dev.muster.ssh;

/** What to do with a host key that is not in known_hosts. A changed key is always refused. */
public enum HostKeyPolicy {
    /** Refuse unknown keys (OpenSSH StrictHostKeyChecking=yes). */
    STRICT,
    /** Record unknown keys in known_hosts and accept them (StrictHostKeyChecking=accept-new). */
    ACCEPT_NEW
}
