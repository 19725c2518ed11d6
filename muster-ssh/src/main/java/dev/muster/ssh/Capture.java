package dev.muster.ssh;

import dev.muster.core.exec.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** One output stream of a command: keeps the first {@code limit} bytes, forwards all to the sink. */
final class Capture extends OutputStream {
    private final OutputSink.Stream stream;
    private final OutputSink sink;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;
    private volatile long lastWrite = Long.MIN_VALUE;

    Capture(OutputSink.Stream stream, OutputSink sink, int limit) {
        this.stream = stream;
        this.sink = sink;
        this.limit = limit;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] data, int off, int len) {
        lastWrite = System.nanoTime();
        int room = limit - kept.size();
        if (len > room) {
            truncated = true;
        }
        kept.write(data, off, Math.min(len, Math.max(room, 0)));
        if (sink != null) {
            sink.write(stream, data, off, len);
        }
    }

    synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** System.nanoTime() of the last write, Long.MIN_VALUE before any. */
    long lastWrite() {
        return lastWrite;
    }
}
