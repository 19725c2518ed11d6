package dev.muster.testkit;

/** How far the hosts of an {@link OpenSshFleet} are kept apart. */
public enum Isolation {
    /**
     * One sshd per host, each in its own mount and UTS namespace: private /root (HOME), /srv, /opt
     * and /tmp/muster-host bind-mounted from the host's directory, and its own hostname. Needs root
     * and unshare(1).
     */
    PER_HOST,
    /**
     * Up to 16 hosts per sshd (its ListenAddress limit), sharing one file system and the login
     * user's real HOME. Used without root.
     */
    SHARED
}
