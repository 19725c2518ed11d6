package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.time.Duration;

/** The {@link StepContext} of one attempt: opens the connection lazily, releases it once. */
final class AttemptContext implements StepContext {
    private final Host host;
    private final Transport transport;
    private final OutputCapture capture;
    private final long deadlineNanos;
    private final boolean limited;
    private final int attempt;
    private Connection connection;
    private boolean released;

    AttemptContext(Host host, Transport transport, OutputCapture capture, Duration limit, int attempt) {
        this.host = host;
        this.transport = transport;
        this.capture = capture;
        this.limited = limit != null;
        this.deadlineNanos = limited ? System.nanoTime() + limit.toNanos() : 0;
        this.attempt = attempt;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public Connection connection() throws StepFailure, InterruptedException {
        Connection existing;
        synchronized (this) {
            if (released) {
                throw new InterruptedException("attempt already ended");
            }
            existing = connection;
        }
        if (existing != null) {
            return existing;
        }
        Connection opened = transport.connect(host);
        synchronized (this) {
            if (released) {
                opened.invalidate();
                opened.close();
                throw new InterruptedException("attempt ended while connecting");
            }
            connection = opened;
        }
        return opened;
    }

    @Override
    public OutputSink sink() {
        return capture;
    }

    @Override
    public Duration remaining() {
        if (!limited) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public int attempt() {
        return attempt;
    }

    /** Gives the lease back; a connection that may be in a bad state is not reused. */
    void release(boolean suspect) {
        Connection toClose;
        synchronized (this) {
            released = true;
            toClose = connection;
            connection = null;
        }
        if (toClose != null) {
            if (suspect) {
                toClose.invalidate();
            }
            toClose.close();
        }
    }
}
