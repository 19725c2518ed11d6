package dev.muster.ssh;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.ExecRequest;
import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.inventory.Host;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/** A lease on a pooled session: one channel slot, given back on {@link #close()}. */
final class SshConnection implements Connection {
    private final Host host;
    private final PooledSession pooled;
    private final SessionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock oneAtATime = new ReentrantLock();

    SshConnection(Host host, PooledSession pooled, SessionPool pool) {
        this.host = host;
        this.pooled = pooled;
        this.pool = pool;
    }

    @Override
    public Host host() {
        return host;
    }

    /**
     * Runs one command at a time per lease (the lease holds one channel slot); a dead session
     * is evicted from the pool.
     */
    @Override
    public ExecResult exec(ExecRequest request) throws StepFailure, InterruptedException {
        if (closed.get()) {
            throw new IllegalStateException("connection to " + host.name() + " was already closed");
        }
        oneAtATime.lockInterruptibly();
        try {
            return new ExecCall(pooled.session, host.name()).run(request);
        } catch (StepFailure f) {
            if (f.kind() == FailureKind.CONNECTION_LOST) {
                invalidate();
            }
            throw f;
        } finally {
            oneAtATime.unlock();
        }
    }

    /** SFTP on this lease's channel slot; close it before the next {@link #exec}. */
    @Override
    public dev.muster.core.exec.FileTransfer files() throws StepFailure {
        if (closed.get()) {
            throw new IllegalStateException("connection to " + host.name() + " was already closed");
        }
        return SftpFiles.open(pooled.session, host.name(), this::invalidate);
    }

    @Override
    public void invalidate() {
        pool.evict(pooled);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(pooled);
        }
    }
}
