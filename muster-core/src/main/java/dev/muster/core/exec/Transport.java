package dev.muster.core.exec;

import dev.muster.core.inventory.Host;

/**
 * Opens {@link Connection}s to hosts. The SSH transport keeps a pool (one authenticated
 * session per host, many channels over it); a local transport runs on this machine.
 * Implementations turn their own exceptions into {@link StepFailure}s with a
 * {@link FailureKind}.
 */
public interface Transport extends AutoCloseable {

    /**
     * Leases a connection to {@code host}, opening (and authenticating) a session if none is
     * pooled. The caller must close the returned connection to give the lease back.
     *
     * @throws StepFailure          connect refused, timeout, auth, host key, pool exhausted...
     * @throws InterruptedException the run was cancelled while waiting
     */
    Connection connect(Host host) throws StepFailure, InterruptedException;

    /** Live pool statistics, for progress lines and metrics. */
    default PoolStats stats() {
        return PoolStats.EMPTY;
    }

    /** Closes every pooled session. */
    @Override
    void close();
}
