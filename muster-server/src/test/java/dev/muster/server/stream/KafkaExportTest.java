package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric export against a real broker, read back by a real consumer: every sample arrives,
 * each host's records keep their order, and nothing is lost while the broker is stopped and
 * started again mid-stream (the buffer holds what was sampled meanwhile).
 */
@Timeout(420) // two broker starts, each up to KafkaBroker's 120 s on a loaded machine
class KafkaExportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static KafkaBroker broker;

    @BeforeAll
    @Timeout(240) // a class-level @Timeout does not cover lifecycle methods; a loaded machine formats and starts slowly
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everySampleArrivesInHostOrderAcrossABrokerRestart() throws Exception {
        broker.createTopic("metrics", 3);
        List<Host> hosts = MetricExporterTest.hosts("h1", "h2", "h3", "h4", "h5");
        ExportSettings settings = ExportSettings.defaults().withBuffer(100).withBatchEvery(Duration.ofMillis(200))
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        int rounds = 0;
        try (MetricExporter ex = new MetricExporter(new KafkaSink(broker.bootstrap(), "metrics", new Properties(), Duration.ofSeconds(5)),
                settings).start()) {
            rounds = feed(ex, hosts, rounds, 20);
            awaitEmpty(ex);
            broker.stop();
            rounds = feed(ex, hosts, rounds, 20); // sampled while the broker is away: buffered
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (ex.failures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ex.failures()).as("sends failed while the broker was down").isPositive();
            broker.start();
            rounds = feed(ex, hosts, rounds, 20);
            awaitEmpty(ex);
            assertThat(ex.dropped()).isZero();
        }

        int expected = 0;
        Map<String, List<Instant>> expectedByHost = new HashMap<>();
        for (Host h : hosts) {
            for (int i = 0; i < rounds; i++) {
                expectedByHost.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(at(i));
            }
        }
        expected = hosts.size() * rounds; // one cpu_percent per host and round
        int cpuRecords = expected;
        List<ConsumerRecord<String, String>> got = KafkaBrokerTest.Consumed.records(broker.bootstrap(), "metrics",
                records -> records.stream().map(r -> r.value()).filter(v -> v.contains("\"cpu_percent\""))
                        .distinct().count() >= cpuRecords, Duration.ofSeconds(120));
        Map<String, List<Instant>> cpuByHost = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConsumerRecord<String, String> r : got) {
            JsonNode n = JSON.readTree(r.value());
            assertThat(n.path("schema").asText()).isEqualTo("muster.metric.v1");
            assertThat(r.key()).isEqualTo(n.path("host").asText());
            String id = n.path("host").asText() + "|" + n.path("metric").asText() + "|" + n.path("timestamp").asText();
            if (seen.add(id) && n.path("metric").asText().equals("cpu_percent")) { // at least once: drop repeats
                cpuByHost.computeIfAbsent(n.path("host").asText(), k -> new ArrayList<>())
                        .add(Instant.parse(n.path("timestamp").asText()));
            }
        }
        assertThat(cpuByHost.values().stream().mapToInt(List::size).sum()).isEqualTo(expected);
        assertThat(cpuByHost).as("every sample, in each host's order").isEqualTo(expectedByHost);
    }

    private static Instant at(int round) {
        return MetricExporterTest.T0.plusSeconds(10L * round);
    }

    private static int feed(MetricExporter ex, List<Host> hosts, int from, int count) {
        for (int i = from; i < from + count; i++) {
            List<HostMetrics> m = new ArrayList<>();
            for (Host h : hosts) {
                m.add(MetricExporterTest.ok(h.name(), i));
            }
            ex.round(at(i), hosts, m);
        }
        return from + count;
    }

    private static void awaitEmpty(MetricExporter ex) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (ex.buffered() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ex.buffered()).as("the buffer drained").isZero();
    }
}
