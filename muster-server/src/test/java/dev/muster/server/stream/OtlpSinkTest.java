package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The OTLP sink against an HTTP collector stand-in that refuses the first sends (503): every
 * sample arrives once the collector answers, in each host's order, and every body parses strictly
 * with OpenTelemetry's own protocol definitions (opentelemetry-proto, protobuf's JSON parser) into
 * the resources, gauges and points a collector would see.
 */
class OtlpSinkTest {
    record Received(String body, String authorization) {
    }

    @Test
    void everySampleArrivesAsOtlpOnceTheCollectorAnswersAndTheCredentialsAreNeverShown() throws Exception {
        List<Received> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/metrics", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean refuse = refused.get() < 2 && refused.incrementAndGet() <= 2;
            if (!refuse) {
                accepted.add(new Received(body, exchange.getRequestHeaders().getFirst("Authorization")));
            }
            byte[] answer = refuse ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refuse ? 503 : 200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        collector.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
            OtlpSink sink = new OtlpSink(base, Map.of("Authorization", "Bearer otlp-secret-token"), Duration.ofSeconds(5));
            assertThat(sink.describe()).isEqualTo(base + "/v1/metrics").doesNotContain("otlp-secret-token");
            List<Host> hosts = MetricExporterTest.hosts("h1", "h2", "h3");
            ExportSettings settings = ExportSettings.defaults().withBuffer(100).withBatchEvery(Duration.ofMillis(100))
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
            int rounds = 6;
            try (MetricExporter ex = new MetricExporter(sink, settings).start()) {
                for (int i = 0; i < rounds; i++) {
                    List<HostMetrics> m = new ArrayList<>();
                    for (Host h : hosts) {
                        m.add(MetricExporterTest.ok(h.name(), 10 * i + h.name().charAt(1) - '0'));
                    }
                    ex.round(MetricExporterTest.T0.plusSeconds(10L * i), hosts, m);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((ex.buffered() > 0 || accepted.isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(ex.buffered()).isZero();
                assertThat(ex.failures()).as("the collector refused twice").isGreaterThanOrEqualTo(2);
                assertThat(ex.dropped()).isZero();
            }

            Map<String, List<Double>> cpu = new HashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Received r : accepted) {
                assertThat(r.authorization()).isEqualTo("Bearer otlp-secret-token");
                ExportMetricsServiceRequest.Builder parsed = ExportMetricsServiceRequest.newBuilder();
                JsonFormat.parser().merge(r.body(), parsed); // strict: an unknown or mistyped field fails
                for (ResourceMetrics rm : parsed.getResourceMetricsList()) {
                    Map<String, String> attrs = new HashMap<>();
                    for (KeyValue kv : rm.getResource().getAttributesList()) {
                        attrs.put(kv.getKey(), kv.getValue().getStringValue());
                    }
                    assertThat(attrs).containsEntry("service.name", "muster").containsEntry("muster.label.role", "web")
                            .containsEntry("deployment.environment.name", "prod").containsKey("host.name");
                    for (Metric metric : rm.getScopeMetrics(0).getMetricsList()) {
                        assertThat(metric.hasGauge()).isTrue();
                        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                            Instant t = Instant.ofEpochSecond(0, p.getTimeUnixNano());
                            if (metric.getName().equals("muster.cpu_percent")
                                    && seen.add(attrs.get("host.name") + "|" + t)) {
                                assertThat(metric.getUnit()).isEqualTo("%");
                                cpu.computeIfAbsent(attrs.get("host.name"), h -> new ArrayList<>()).add(p.getAsDouble());
                            }
                        }
                    }
                }
            }
            for (Host h : hosts) {
                List<Double> expected = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    expected.add((double) (10 * i + h.name().charAt(1) - '0'));
                }
                assertThat(cpu.get(h.name())).as(h.name()).isEqualTo(expected);
            }
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void onlyHttpUrlsAreTaken() {
        assertThatThrownBy(() -> new OtlpSink(URI.create("kafka://x:1/t"), Map.of(), Duration.ofSeconds(1)))
                .hasMessageContaining("expected an http:// or https:// URL");
        assertThat(new OtlpSink(URI.create("https://otel.example:4318/custom/path"), Map.of(), Duration.ofSeconds(1))
                .describe()).isEqualTo("https://otel.example:4318/custom/path");
    }
}
