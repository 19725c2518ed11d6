package dev.muster.core.exec;

import dev.muster.core.inventory.Host;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The executor's sink for one attempt: splits output into lines for listeners and keeps a
 * bounded copy, so output received before a timeout or Ctrl-C is not lost.
 */
final class OutputCapture implements OutputSink {
    private final Host host;
    private final RunListener listener;
    private final int maxCapture;
    private final Buffer out = new Buffer(Stream.STDOUT);
    private final Buffer err = new Buffer(Stream.STDERR);
    private boolean closed;

    OutputCapture(Host host, RunListener listener, int maxCapture) {
        this.host = host;
        this.listener = listener;
        this.maxCapture = maxCapture;
    }

    @Override
    public synchronized void write(Stream stream, byte[] data, int offset, int length) {
        if (closed) {
            return;
        }
        (stream == Stream.STDOUT ? out : err).write(data, offset, length);
    }

    /** Emits any unterminated last lines and ignores later writes (from an abandoned attempt). */
    synchronized void close() {
        if (!closed) {
            out.lines.finish();
            err.lines.finish();
            closed = true;
        }
    }

    synchronized String stdout() {
        return out.kept.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return err.kept.toString(StandardCharsets.UTF_8);
    }

    private final class Buffer {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final LineSplitter lines;

        Buffer(Stream stream) {
            this.lines = new LineSplitter(text -> listener.outputLine(host, stream, text));
        }

        void write(byte[] data, int offset, int length) {
            int keep = Math.min(length, maxCapture - kept.size());
            if (keep > 0) {
                kept.write(data, offset, keep);
            }
            lines.write(data, offset, length);
        }
    }
}
