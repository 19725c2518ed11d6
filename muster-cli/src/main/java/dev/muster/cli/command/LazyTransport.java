package dev.muster.cli.command;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;

/**
 * The workspace's SSH transport, started only when a step first connects: HTTP and TCP checks from
 * the controller never pay for the SSH client. The workspace closes the real one.
 */
final class LazyTransport implements Transport {
    private final Workspace ws;
    private volatile boolean started;

    LazyTransport(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public Connection connect(Host host) throws StepFailure, InterruptedException {
        started = true;
        return ws.transport().connect(host);
    }

    @Override
    public PoolStats stats() {
        return started ? ws.transport().stats() : PoolStats.EMPTY;
    }

    @Override
    public void close() {
    }
}
