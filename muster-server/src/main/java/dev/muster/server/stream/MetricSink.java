package dev.muster.server.stream;

import java.util.List;

/** Where exported records go. {@link #send} returns once every record is stored, or throws. */
public interface MetricSink extends AutoCloseable {
    /** Sends {@code records} in order; throws if any might not have been stored (all are sent again). */
    void send(List<ExportRecord> records) throws Exception;

    /** A short name for logs, e.g. kafka://host:9092/topic. */
    String describe();

    @Override
    void close();
}
