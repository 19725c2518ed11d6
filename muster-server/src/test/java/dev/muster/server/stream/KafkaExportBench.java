package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: the benchmark behind bench/kafka-export.sh (issue 18), skipped unless
 * {@code -Dmuster.bench=kafka-export}. Rounds of samples of N in-process hosts (default 2,000,
 * 30 rounds: five minutes of 10 s sampling held while the broker was away) are handed to the
 * exporter at once, then drained to a real single-node broker; it prints samples and records per
 * second, the controller's CPU seconds and its peak RSS (this JVM's, JUnit included).
 */
@Timeout(900)
class KafkaExportBench {
    @TempDir
    Path tmp;

    @Test
    void samplesPerSecondFromManyHostsToTheBroker() throws Exception {
        assumeTrue("kafka-export".equals(System.getProperty("muster.bench")), "a benchmark: bench/kafka-export.sh");
        int hostCount = Integer.getInteger("muster.bench.hosts", 2000);
        int rounds = Integer.getInteger("muster.bench.rounds", 30);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < hostCount; i++) {
            hosts.add(MetricExporterTest.hosts("h" + i).getFirst());
        }
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"))) {
            broker.createTopic("bench", 6);
            ExportSettings settings = ExportSettings.defaults().withBuffer(rounds + 1)
                    .withBatchEvery(Duration.ofMillis(200));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long records;
            try (MetricExporter ex = new MetricExporter(new KafkaSink(broker.bootstrap(), "bench", new Properties()),
                    settings)) {
                for (int r = 0; r < rounds; r++) {
                    List<HostMetrics> m = new ArrayList<>(hostCount);
                    for (Host h : hosts) {
                        m.add(MetricExporterTest.ok(h.name(), r % 100));
                    }
                    ex.round(MetricExporterTest.T0.plusSeconds(10L * r), hosts, m);
                }
                ex.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (ex.buffered() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(ex.buffered()).isZero();
                assertThat(ex.dropped()).isZero();
                records = ex.sentRecords();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            long samples = (long) hostCount * rounds;
            String peak = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\D+", "")).findFirst().orElse("0");
            String table = String.format(java.util.Locale.ROOT, "| hosts | rounds | samples | records | wall | samples/s "
                    + "| records/s | controller CPU | peak RSS |%n|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                    + "| %d | %d | %d | %d | %.2f s | %.0f | %.0f | %.2f s | %d MiB |%n",
                    hostCount, rounds, samples, records, wall, samples / wall, records / wall, cpu,
                    Long.parseLong(peak) / 1024);
            System.out.print(table);
            String out = System.getProperty("muster.bench.out");
            if (out != null) {
                Files.writeString(Path.of(out), table);
            }
        }
    }
}
