package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.server.store.Database;
import dev.muster.server.stream.ExportSettings;
import dev.muster.server.stream.KafkaBroker;
import dev.muster.server.stream.KafkaSink;
import dev.muster.server.testing.ManualClock;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muster serve}'s own sampling rounds (SHELL-mode hosts reading this machine's /proc) leave
 * through the export to a real broker: the records carry each host's name, environment and the
 * round's time, and /metrics shows the export's counters. No second sampling: the rounds the
 * server stores are the rounds it exports.
 */
@Timeout(240)
class KafkaExportServerTest {
    @TempDir
    Path dir;

    @Test
    void theServersSamplingRoundsArriveOnTheTopic() throws Exception {
        ManualClock clock = new ManualClock("2026-12-07T10:00:00Z");
        List<JsonNode> got;
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("fleet-metrics", 2);
            ServerFixture fx = new ServerFixture(dir.resolve("server"), Database.sqlite(dir.resolve("data")), clock,
                    c -> c.upkeep(false).export(new KafkaSink(broker.bootstrap(), "fleet-metrics", new Properties()),
                            ExportSettings.defaults().withBatchEvery(Duration.ofMillis(200))),
                    HttpClient.newHttpClient(), Duration.ofMillis(100), b -> b.commandMode(CommandMode.SHELL));
            try {
                fx.server.upkeep().sampleOnce();
                clock.advance(Duration.ofSeconds(10));
                Thread.sleep(300); // the hosts' own clock (uptime, 10 ms steps) must move for a CPU rate
                fx.server.upkeep().sampleOnce();
                String metrics = fx.call("GET", "/metrics", null, null).body();
                assertThat(metrics).contains("muster_export_samples_dropped_total 0.0")
                        .contains("muster_export_samples_buffered");
            } finally {
                fx.close(); // the export's last send happens here
            }
            got = consume(broker.bootstrap(), "fleet-metrics");
        }
        assertThat(got).allSatisfy(n -> assertThat(n.path("schema").asText()).isEqualTo("muster.metric.v1"));
        assertThat(got).filteredOn(n -> n.path("metric").asText().equals("mem_percent"))
                .extracting(n -> n.path("host").asText() + " " + n.path("env").asText() + " "
                        + n.path("timestamp").asText())
                .containsExactlyInAnyOrder("web01 staging 2026-12-07T10:00:00Z", "web01 staging 2026-12-07T10:00:10Z",
                        "db01 prod 2026-12-07T10:00:00Z", "db01 prod 2026-12-07T10:00:10Z");
        assertThat(got).filteredOn(n -> n.path("metric").asText().equals("cpu_percent"))
                .as("CPU needs two rounds").extracting(n -> n.path("timestamp").asText())
                .containsOnly("2026-12-07T10:00:10Z").hasSize(2);
        assertThat(got).filteredOn(n -> n.path("metric").asText().equals("up"))
                .allSatisfy(n -> assertThat(n.path("value").asDouble()).isEqualTo(1.0)).hasSize(4);
        assertThat(got).filteredOn(n -> n.path("metric").asText().startsWith("disk_read"))
                .as("no disk I/O rate from one round").noneMatch(n -> n.path("timestamp").asText()
                        .equals("2026-12-07T10:00:00Z"));
    }

    private static List<JsonNode> consume(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            // both rounds of both hosts: mem_percent is read on every round
            while (out.stream().filter(n -> n.path("metric").asText().equals("mem_percent")).count() < 4
                    && System.nanoTime() < end) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    JsonNode n = json.readTree(r.value());
                    if (seen.add(n.path("host").asText() + "|" + n.path("metric").asText() + "|"
                            + n.path("timestamp").asText())) { // at least once: a repeat is dropped by its key
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }
}
