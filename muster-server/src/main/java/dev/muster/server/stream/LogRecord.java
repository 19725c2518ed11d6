package dev.muster.server.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.probe.logs.ShippedLine;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log line shipped: one message on the topic, keyed by host (a host's lines share a partition
 * and keep their order). Schema version {@value #SCHEMA}, as JSON:
 * <pre>{"schema":"muster.log.v1","host":"web01","env":"prod","labels":{"role":"web"},
 *  "file":"/var/log/app.log","inode":"1837","offset":52311,"next":52388,
 *  "read_at":"2026-12-07T10:00:00.123Z","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","line":"..."}</pre>
 * {@code offset} is the line's first byte in the file with that inode and {@code next} the byte after
 * its newline; {@code trace_id} is null when the line names none. Delivery is at least once: a
 * consumer drops repeats by (host, file, inode, offset).
 */
public record LogRecord(ShippedLine line, String env, Map<String, String> labels, Instant readAt, String traceId) {
    public static final String SCHEMA = "muster.log.v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public LogRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public KafkaSink.Message message() {
        return new KafkaSink.Message(line.host(), readAt.toEpochMilli(), toJson());
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("host", line.host());
        o.put("env", env);
        ObjectNode l = o.putObject("labels");
        new TreeMap<>(labels).forEach(l::put);
        o.put("file", line.file());
        o.put("inode", line.inode());
        o.put("offset", line.offset());
        o.put("next", line.next());
        o.put("read_at", readAt.toString());
        o.put("trace_id", traceId);
        o.put("line", line.text());
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a log record as JSON", e);
        }
    }
}
