package dev.muster.probe.plan;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Host;
import java.time.Duration;

/**
 * A gate's probes of one host, outside the Executor: leases a connection on first use (only
 * checks run on the host ask for one) and gives it back on close.
 */
final class HostContext implements StepContext, AutoCloseable {
    private final Host host;
    private final Transport transport;
    private final long deadline;
    private Connection connection;

    HostContext(Host host, Transport transport, long deadlineNanos) {
        this.host = host;
        this.transport = transport;
        this.deadline = deadlineNanos;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public Connection connection() throws StepFailure, InterruptedException {
        if (connection == null) {
            connection = transport.connect(host);
        }
        return connection;
    }

    @Override
    public OutputSink sink() {
        return (stream, data, offset, length) -> { };
    }

    @Override
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
