package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The export's buffer, intervals and backoff, against a sink in memory that can be told to fail. */
class MetricExporterTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** Keeps what it was sent; fails while {@code down}. */
    static final class MemorySink implements MetricSink {
        final List<ExportRecord> got = new ArrayList<>();
        volatile boolean down;
        int calls;

        @Override
        public synchronized void send(List<ExportRecord> records) throws Exception {
            calls++;
            if (down) {
                throw new java.io.IOException("broker away");
            }
            got.addAll(records);
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }

    static HostMetrics ok(String host, double cpu) {
        return new HostMetrics(host, HostMetrics.State.OK, null, cpu, 2, 0.5, 0.4, 0.3, 40.0, false, 1.0, 50.0, "/",
                100.0, 200.0, 1000.0, 2000.0, 3.0, 4.0, 1000.0, List.of());
    }

    static List<Host> hosts(String... names) {
        List<Host> out = new ArrayList<>();
        for (String n : names) {
            out.add(new Host(n, Host.of(n, "127.0.0.1", 22).ssh(), Map.of("role", "web"), List.of(), "prod", Map.of()));
        }
        return out;
    }

    @Test
    void eachGroupLeavesOncePerItsInterval() {
        MemorySink sink = new MemorySink();
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults().withBuffer(100));
        List<Host> hosts = hosts("a");
        for (int i = 0; i < 6; i++) { // a minute of rounds every 10 s
            ex.round(T0.plusSeconds(10L * i), hosts, List.of(ok("a", i)));
        }
        assertThat(ex.sendOnce()).isTrue();

        assertThat(sink.got.stream().filter(r -> r.metric().equals("cpu_percent"))).hasSize(6);
        assertThat(sink.got.stream().filter(r -> r.metric().equals("mem_percent"))).hasSize(6);
        assertThat(sink.got.stream().filter(r -> r.metric().equals("disk_read_bytes_per_second"))).hasSize(2);
        assertThat(sink.got.stream().filter(r -> r.metric().equals("net_rx_bytes_per_second"))).hasSize(2);
        ExportRecord first = sink.got.getFirst();
        assertThat(first.toJson()).isEqualTo("{\"schema\":\"muster.metric.v1\",\"host\":\"a\",\"env\":\"prod\","
                + "\"labels\":{\"role\":\"web\"},\"timestamp\":\"2026-12-07T10:00:00Z\",\"metric\":\"up\",\"value\":1.0,"
                + "\"unit\":\"boolean\"}");
    }

    @Test
    void configuredIntervalsApplyAndADownHostSendsOnlyUp() {
        MemorySink sink = new MemorySink();
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults()
                .withIntervals(Map.of(MetricGroup.CPU, Duration.ofSeconds(20))).withBuffer(100));
        List<Host> hosts = hosts("a");
        for (int i = 0; i < 6; i++) {
            ex.round(T0.plusSeconds(10L * i), hosts, List.of(ok("a", i)));
        }
        ex.round(T0.plusSeconds(60), hosts, List.of(HostMetrics.down("a", HostMetrics.State.UNREACHABLE, "refused")));
        ex.sendOnce();

        assertThat(sink.got.stream().filter(r -> r.metric().equals("cpu_percent"))).hasSize(3);
        assertThat(sink.got.stream().filter(r -> r.timestamp().equals(T0.plusSeconds(60))))
                .extracting(ExportRecord::metric, ExportRecord::value).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("up", 0.0));
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsThemThenSendsTheRestInOrder() throws Exception {
        MemorySink sink = new MemorySink();
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults());
        List<Host> hosts = hosts("a", "b");
        sink.down = true;
        for (int i = 0; i < 25; i++) {
            ex.round(T0.plusSeconds(10L * i), hosts, List.of(ok("a", i), ok("b", i)));
            assertThat(ex.sendOnce()).isFalse();
        }
        assertThat(ex.dropped()).as("15 of 25 rounds, for each of 2 hosts").isEqualTo(30);
        assertThat(ex.buffered()).isEqualTo(20);

        sink.down = false;
        assertThat(ex.sendOnce()).isTrue();
        assertThat(ex.buffered()).isZero();
        List<Double> aCpu = sink.got.stream().filter(r -> r.host().equals("a") && r.metric().equals("cpu_percent"))
                .map(ExportRecord::value).toList();
        assertThat(aCpu).containsExactly(15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0);
        assertThat(ex.sentRecords()).isEqualTo(sink.got.size());
        assertThat(ex.failures()).isEqualTo(25);
    }

    @Test
    void samplesArrivingDuringAFailedSendStayForTheNext() {
        MemorySink sink = new MemorySink();
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults());
        List<Host> hosts = hosts("a");
        ex.round(T0, hosts, List.of(ok("a", 1)));
        sink.down = true;
        ex.sendOnce();
        ex.round(T0.plusSeconds(10), hosts, List.of(ok("a", 2)));
        sink.down = false;
        ex.sendOnce();
        ex.round(T0.plusSeconds(20), hosts, List.of(ok("a", 3)));
        ex.sendOnce();
        assertThat(sink.got.stream().filter(r -> r.metric().equals("cpu_percent")).map(ExportRecord::value))
                .containsExactly(1.0, 2.0, 3.0);
        assertThat(ex.dropped()).isZero();
    }

    @Test
    void backoffDoublesUpToItsCapWithJitterInTheUpperHalf() {
        long seed = new Random().nextLong();
        MetricExporter ex = new MetricExporter(new MemorySink(), ExportSettings.defaults()
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(3)), new Random(seed));
        for (int attempt = 0; attempt < 40; attempt++) {
            long full = Math.min(3000, 100L << Math.min(attempt, 20));
            assertThat(ex.backoff(attempt).toMillis()).as("seed %d, attempt %d", seed, attempt)
                    .isBetween(full / 2, full);
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(ex.backoff(10).toMillis());
        }
        assertThat(seen).as("seed %d: jitter spreads retries", seed).hasSizeGreaterThan(1);
    }

    @Test
    void theLoopRetriesUntilTheSinkIsBackAndCloseSendsTheRest() throws Exception {
        MemorySink sink = new MemorySink();
        sink.down = true;
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults().withBatchEvery(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))).start();
        ex.round(T0, hosts("a"), List.of(ok("a", 1)));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ex.failures() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ex.failures()).isGreaterThanOrEqualTo(3);
        sink.down = false;
        while (ex.buffered() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ex.buffered()).isZero();
        ex.round(T0.plusSeconds(10), hosts("a"), List.of(ok("a", 2)));
        ex.close();
        assertThat(sink.got.stream().filter(r -> r.metric().equals("cpu_percent")).map(ExportRecord::value))
                .containsExactly(1.0, 2.0);
    }
}
