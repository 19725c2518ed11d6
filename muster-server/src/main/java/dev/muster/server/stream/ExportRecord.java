package dev.muster.server.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One metric value of one host at one time: one message on the topic, keyed by host (so a host's
 * messages share a partition and keep their order). Schema version {@value #SCHEMA}, as JSON:
 * <pre>{"schema":"muster.metric.v1","host":"web01","env":"prod","labels":{"role":"web"},
 *  "timestamp":"2026-12-07T10:00:00Z","metric":"cpu_percent","value":12.5,"unit":"percent"}</pre>
 * {@code env} is null for a host without an environment; {@code value} is always a number.
 * Delivery is at least once: a consumer drops repeats by (host, metric, timestamp).
 */
public record ExportRecord(String host, String env, Map<String, String> labels, Instant timestamp, String metric,
                           double value, String unit) {
    public static final String SCHEMA = "muster.metric.v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ExportRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("host", host);
        o.put("env", env);
        ObjectNode l = o.putObject("labels");
        new TreeMap<>(labels).forEach(l::put);
        o.put("timestamp", timestamp.toString());
        o.put("metric", metric);
        o.put("value", value);
        o.put("unit", unit);
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metric record as JSON", e);
        }
    }
}
