package dev.muster.server.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Host metric samples to an OpenTelemetry collector over OTLP/HTTP with JSON encoding
 * ({@code POST .../v1/metrics}, an {@code ExportMetricsServiceRequest}): one resource per host
 * ({@code host.name}, {@code deployment.environment.name}, {@code muster.label.*}), one gauge per
 * metric with a data point per sample. Any answer but 2xx fails the send, so the exporter keeps the
 * samples and sends them again with backoff (a collector that is away or says 429/503). Header
 * values (credentials) are sent, never shown.
 */
public final class OtlpSink implements MetricSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> UNITS = Map.of("percent", "%", "bytes_per_second", "By/s",
            "operations_per_second", "{operation}/s", "load", "1", "boolean", "1");

    private final URI endpoint;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final Duration timeout;

    /** {@code endpoint} is the full URL, e.g. http://collector:4318/v1/metrics; {@code headers} may carry credentials. */
    public OtlpSink(URI endpoint, Map<String, String> headers, Duration timeout) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URL such as "
                    + "http://collector:4318/v1/metrics, got " + endpoint);
        }
        this.endpoint = endpoint.getPath() == null || endpoint.getPath().isEmpty() || endpoint.getPath().equals("/")
                ? endpoint.resolve("/v1/metrics") : endpoint;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(List<ExportRecord> records) throws Exception {
        if (records.isEmpty()) {
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(records)));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(describe() + " answered " + r.statusCode());
        }
    }

    /** The ExportMetricsServiceRequest as OTLP's JSON encoding (64-bit integers as strings). */
    static String body(List<ExportRecord> records) throws IOException {
        Map<String, List<ExportRecord>> byHost = new LinkedHashMap<>();
        records.forEach(r -> byHost.computeIfAbsent(r.host(), h -> new java.util.ArrayList<>()).add(r));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode resources = root.putArray("resourceMetrics");
        for (List<ExportRecord> host : byHost.values()) {
            ExportRecord first = host.getFirst();
            ObjectNode rm = resources.addObject();
            ArrayNode attrs = rm.putObject("resource").putArray("attributes");
            attribute(attrs, "service.name", "muster");
            attribute(attrs, "host.name", first.host());
            if (first.env() != null) {
                attribute(attrs, "deployment.environment.name", first.env());
            }
            new TreeMap<>(first.labels()).forEach((k, v) -> attribute(attrs, "muster.label." + k, v));
            ObjectNode sm = rm.putArray("scopeMetrics").addObject();
            sm.putObject("scope").put("name", "dev.muster").put("version", ExportRecord.SCHEMA);
            ArrayNode metrics = sm.putArray("metrics");
            Map<String, ArrayNode> points = new LinkedHashMap<>();
            for (ExportRecord r : host) {
                ArrayNode dp = points.computeIfAbsent(r.metric(), m -> {
                    ObjectNode metric = metrics.addObject();
                    metric.put("name", "muster." + m);
                    metric.put("unit", UNITS.getOrDefault(r.unit(), r.unit()));
                    return metric.putObject("gauge").putArray("dataPoints");
                });
                ObjectNode p = dp.addObject();
                p.put("timeUnixNano", Long.toString(nanos(r.timestamp())));
                p.put("asDouble", r.value());
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void attribute(ArrayNode attrs, String key, String value) {
        ObjectNode a = attrs.addObject();
        a.put("key", key);
        a.putObject("value").put("stringValue", value);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    @Override
    public String describe() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
