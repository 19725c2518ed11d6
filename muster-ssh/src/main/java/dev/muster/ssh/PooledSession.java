package dev.muster.ssh;

import java.util.concurrent.Semaphore;
import org.apache.sshd.client.session.ClientSession;

/**
 * One authenticated session in the pool. Leases are counted under this object's lock so the
 * idle reaper and the lifetime limit never close a session that someone is using; channel
 * permits keep concurrent channels under the server's MaxSessions.
 */
final class PooledSession {
    final ClientSession session;
    final Semaphore channels;
    private final long createdNanos;
    /** The known_hosts its host key was checked against, and that file's generation then. */
    private final KnownHosts trust;
    private final long trustGeneration;
    private int leases;
    private long lastReleasedNanos;
    private boolean retired;
    private boolean reclaimed;

    PooledSession(ClientSession session, int maxChannels, long nowNanos, KnownHosts trust, long trustGeneration) {
        this.session = session;
        this.trust = trust;
        this.trustGeneration = trustGeneration;
        this.channels = new Semaphore(maxChannels, true);
        this.createdNanos = nowNanos;
        this.lastReleasedNanos = nowNanos;
    }

    boolean alive() {
        return session.isOpen() && !session.isClosing();
    }

    /**
     * Takes a lease unless the session is retired, dead, past its lifetime, or its host key was
     * checked against known_hosts contents that have since changed (it is then checked again on
     * a new session, as a removed or replaced key must be).
     */
    synchronized boolean tryLease(long nowNanos, long maxLifetimeNanos) {
        if (retired || !alive() || nowNanos - createdNanos >= maxLifetimeNanos
                || trust.generation() != trustGeneration) {
            retired = true;
            return false;
        }
        leases++;
        return true;
    }

    /** Gives a lease back; true when the session should now be closed (retired and unused). */
    synchronized boolean release(long nowNanos) {
        leases--;
        lastReleasedNanos = nowNanos;
        return retired && leases == 0;
    }

    /** Marks it for closing; true when nobody uses it, so the caller closes it now. */
    synchronized boolean retire() {
        retired = true;
        return leases == 0;
    }

    /** Retires it if unused for {@code idleNanos} or past its lifetime; true when it should be closed. */
    synchronized boolean retireIfStale(long nowNanos, long idleNanos, long maxLifetimeNanos) {
        if (leases > 0) {
            return false;
        }
        if (retired || !alive() || nowNanos - lastReleasedNanos >= idleNanos
                || nowNanos - createdNanos >= maxLifetimeNanos) {
            retired = true;
            return true;
        }
        return false;
    }

    /**
     * Retires it to free its pool permit for another host: true for exactly one caller, and only
     * while it is usable and unused (that caller then closes it).
     */
    synchronized boolean reclaim() {
        if (retired || leases > 0 || !alive()) {
            return false;
        }
        retired = true;
        reclaimed = true;
        return true;
    }

    synchronized boolean reclaimed() {
        return reclaimed;
    }

    synchronized boolean inUse() {
        return leases > 0;
    }

    synchronized boolean usable() {
        return !retired && alive();
    }

    synchronized long lastReleasedNanos() {
        return lastReleasedNanos;
    }

    void close() {
        session.close(true);
    }
}
