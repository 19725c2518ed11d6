package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunResult;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.probe.logs.FilePosition;
import dev.muster.probe.logs.LogShipStep;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log lines of two hosts shipped to a real Kafka broker (issue 18): every line arrives, in its
 * host's order, with its file offsets and trace id, across a log rotation between two runs
 * (offsets kept in the store file, as a restart of muster would find them) and a broker restart
 * in the middle of a follow.
 */
@Timeout(420)
class LogShipKafkaTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerDir;
    static KafkaBroker broker;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    @Timeout(240) // a class-level @Timeout does not cover lifecycle methods; a loaded machine starts slowly
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir.resolve("kafka"));
        broker.createTopic("logs", 2);
        broker.createTopic("served-logs", 2);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private final Map<String, List<String>> written = new HashMap<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();

    private void append(FakeHost host, String file, int from, int count) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            String line = host.name() + " line " + i + (i % 3 == 0 ? " trace_id=t" + i + "abc"
                    : i % 3 == 1 ? " traceparent: 00-" + "%032x".formatted(i + 1) + "-00f067aa0ba902b7-01" : "");
            written.computeIfAbsent(host.name(), k -> new ArrayList<>()).add(line);
            text.append(line).append('\n');
        }
        Files.writeString(host.dir().resolve(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Inventory inventory(FakeFleet fleet) throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        StringBuilder yaml = new StringBuilder("hosts:\n");
        for (FakeHost h : fleet.hosts()) {
            yaml.append("  ").append(h.name()).append(": {address: ").append(h.address()).append(", port: ")
                    .append(h.port()).append(", user: ").append(h.user()).append("}\n");
        }
        Files.writeString(inv, yaml);
        return new InventoryLoader().load(inv);
    }

    private LogShipper shipper(KafkaBroker broker, LogOffsets offsets) {
        return new LogShipper(new KafkaSink(broker.bootstrap(), "logs", new Properties(), Duration.ofSeconds(5)),
                offsets, host -> new LogShipper.HostFacts("prod", Map.of("role", "web")), TraceIds.standard(),
                Clock.systemUTC(), 50, Duration.ofMillis(100), notices::add);
    }

    @Test
    void everyLineOnceInHostOrderAcrossARotationARestartOfMusterAndOfTheBroker() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).namePrefix("web").dir(dir.resolve("fleet"))
                     .commandMode(CommandMode.SHELL).start();
             SshTransport transport = new SshTransport(SshTransportConfig.defaults().toBuilder()
                     .knownHostsFile(fleet.knownHosts()).addIdentityFile(fleet.clientKey().privateKeyFile()).build())) {
            Inventory inventory = inventory(fleet);
            List<Host> hosts = inventory.hosts();
            Executor executor = new Executor(transport);
            Path offsetsFile = LogOffsets.fileFor(dir.resolve("store"), "kafka://" + broker.bootstrap() + "/logs");
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 0, 120);
            }

            // run 1: from the start, to the end
            LogOffsets offsets = LogOffsets.open(offsetsFile);
            LogShipper first = shipper(broker, offsets);
            RunResult one = executor.start(hosts, new LogShipStep(List.of("app.log"),
                    (host, file) -> offsets.get(host, file, FilePosition.START), false, Duration.ofMillis(100), first),
                    ExecutorOptions.defaults(), null).await();
            assertThat(first.close(Duration.ofSeconds(60))).isTrue();
            assertThat(one.outcomes()).allSatisfy(o -> assertThat(o.success()).as(o.toString()).isTrue());
            assertThat(first.shipped()).isEqualTo(240);
            assertThat(Files.getPosixFilePermissions(offsetsFile)).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

            // between runs: more lines, a rotation, lines written to the rotated file after it moved
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 120, 30);
                Files.move(h.dir().resolve("app.log"), h.dir().resolve("app.log.1"));
                append(h, "app.log.1", 150, 5);
                append(h, "app.log", 155, 20);
            }

            // run 2, a new process as it were (offsets read from the file), following, the broker restarted
            LogOffsets reopened = LogOffsets.open(offsetsFile);
            LogShipper second = shipper(broker, reopened);
            Executor.RunHandle follow = executor.start(hosts, new LogShipStep(List.of("app.log"),
                    (host, file) -> reopened.get(host, file, FilePosition.END), true, Duration.ofMillis(100), second),
                    ExecutorOptions.defaults(), null);
            awaitShipped(second, 2 * 55);
            broker.stop();
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 175, 40); // read while the broker is away: held, retried
            }
            // the broker stays away until the shipper has met the outage (a fixed pause was too short
            // on a loaded machine: the lines were read only after the broker was back)
            long away = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (notices.stream().noneMatch(n -> n.contains("holding the lines and retrying"))
                    && System.nanoTime() < away) {
                Thread.sleep(50);
            }
            broker.start();
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 215, 10);
            }
            awaitShipped(second, 2 * 105);
            follow.cancel();
            follow.await();
            assertThat(second.close(Duration.ofSeconds(60))).isTrue();
            assertThat(notices).anySatisfy(n -> assertThat(n).contains("holding the lines and retrying"));

            List<ConsumerRecord<String, String>> got = KafkaBrokerTest.Consumed.records(broker.bootstrap(), "logs",
                    records -> distinct(records).size() >= 2 * 225, Duration.ofSeconds(120));
            Map<String, List<String>> byHost = new HashMap<>();
            for (JsonNode n : distinct(got)) {
                assertThat(n.path("schema").asText()).isEqualTo("muster.log.v1");
                assertThat(n.path("env").asText()).isEqualTo("prod");
                assertThat(n.path("file").asText()).isEqualTo("app.log");
                String line = n.path("line").asText();
                int i = Integer.parseInt(line.split(" ")[2]);
                String trace = i % 3 == 0 ? "t" + i + "abc" : i % 3 == 1 ? "%032x".formatted(i + 1) : null;
                assertThat(n.path("trace_id").isNull() ? null : n.path("trace_id").asText()).as(line).isEqualTo(trace);
                byHost.computeIfAbsent(n.path("host").asText(), k -> new ArrayList<>()).add(line);
            }
            assertThat(byHost).as("every line once (repeats dropped by host, inode, offset), in each host's order")
                    .isEqualTo(written);
        }
    }

    /**
     * {@code muster serve --log-sources}: the server follows the hosts' files and ships every line;
     * stopped and started again (its offsets in the data directory) with a rotation in between, it
     * resumes where it stopped: every line once, in each host's order.
     */
    @Test
    void theServerShipsItsLogSourcesAndResumesAfterARestart() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(2).namePrefix("web").dir(dir.resolve("fleet"))
                .commandMode(CommandMode.SHELL).start();
             SshTransport transport = new SshTransport(SshTransportConfig.defaults().toBuilder()
                     .knownHostsFile(fleet.knownHosts()).addIdentityFile(fleet.clientKey().privateKeyFile()).build())) {
            Inventory inventory = inventory(fleet);
            Path sourcesFile = Files.writeString(dir.resolve("log-sources.yaml"), "log_sources:\n  - name: app\n"
                    + "    hosts: all\n    files: [app.log]\n    to: kafka://" + broker.bootstrap() + "/served-logs\n"
                    + "    from_start: true\n    poll: 100ms\n");
            List<LogSource> sources = LogSource.read(sourcesFile);
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 0, 50);
            }
            Path data = dir.resolve("data");
            serveUntilShipped(inventory, transport, sources, data, 2 * 50);
            for (FakeHost h : fleet.hosts()) {
                append(h, "app.log", 50, 20);
                Files.move(h.dir().resolve("app.log"), h.dir().resolve("app.log.1"));
                append(h, "app.log", 70, 15);
            }
            serveUntilShipped(inventory, transport, sources, data, 2 * 35);

            List<ConsumerRecord<String, String>> got = KafkaBrokerTest.Consumed.records(broker.bootstrap(),
                    "served-logs", records -> distinct(records).size() >= 2 * 85, Duration.ofSeconds(120));
            Map<String, List<String>> byHost = new HashMap<>();
            for (JsonNode n : distinct(got)) {
                byHost.computeIfAbsent(n.path("host").asText(), k -> new ArrayList<>()).add(n.path("line").asText());
            }
            assertThat(byHost).isEqualTo(written);
        }
    }

    private void serveUntilShipped(Inventory inventory, SshTransport transport, List<LogSource> sources, Path data,
                                   long lines) throws Exception {
        dev.muster.server.store.Store store = dev.muster.server.store.Store.open(
                dev.muster.server.store.Database.sqlite(data), Clock.systemUTC());
        dev.muster.server.engine.EngineSettings engine = new dev.muster.server.engine.EngineSettings(transport,
                t -> List.of(), ExecutorOptions.defaults(), "test-server", 2, Duration.ofMillis(100));
        try (store; dev.muster.server.http.MusterServer server = dev.muster.server.http.MusterServer.start(
                new dev.muster.server.http.ServerConfig(store, inventory, engine).listen("127.0.0.1", 0)
                        .schedule(false).logSources(sources, data, new Properties()))) {
            long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (server.logSources().shipped("app") < lines && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(server.logSources().shipped("app")).isEqualTo(lines);
        }
    }

    /** The records once each, by (host, file, inode, offset), as a consumer drops repeats; in arrival order. */
    private static List<JsonNode> distinct(List<ConsumerRecord<String, String>> records) {
        Set<String> seen = new LinkedHashSet<>();
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                JsonNode n = JSON.readTree(r.value());
                assertThat(r.key()).isEqualTo(n.path("host").asText());
                if (seen.add(n.path("host").asText() + "|" + n.path("file").asText() + "|" + n.path("inode").asText()
                        + "|" + n.path("offset").asLong())) {
                    out.add(n);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static void awaitShipped(LogShipper shipper, long count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (shipper.shipped() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(shipper.shipped()).isGreaterThanOrEqualTo(count);
    }
}
