package dev.muster.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export buffer survives its process: samples a killed exporter (never closed) had not sent
 * are read back by the next one from the spool and sent first, acknowledged ones are not sent
 * again, a torn last line is skipped, the buffer's bound still holds, and a long outage compacts
 * the journal instead of growing it for ever.
 */
class ExportSpoolTest {
    @TempDir
    Path dir;

    private static void rounds(MetricExporter ex, List<Host> hosts, int from, int count) {
        for (int i = from; i < from + count; i++) {
            List<dev.muster.probe.metrics.HostMetrics> m = new java.util.ArrayList<>();
            for (Host h : hosts) {
                m.add(MetricExporterTest.ok(h.name(), i));
            }
            ex.round(MetricExporterTest.T0.plusSeconds(10L * i), hosts, m);
        }
    }

    private static List<Double> cpu(MetricExporterTest.MemorySink sink, String host) {
        return sink.got.stream().filter(r -> r.host().equals(host) && r.metric().equals("cpu_percent"))
                .map(ExportRecord::value).toList();
    }

    @Test
    void whatAKilledExporterHadNotSentIsSentByTheNextOneAndNothingTwice() throws Exception {
        Path spool = dir.resolve("export-spool.jsonl");
        List<Host> hosts = MetricExporterTest.hosts("a", "b");
        ExportSettings settings = ExportSettings.defaults().withBuffer(5);

        MetricExporterTest.MemorySink first = new MetricExporterTest.MemorySink();
        MetricExporter killed = new MetricExporter(first, settings).spool(spool);
        rounds(killed, hosts, 0, 2);
        assertThat(killed.sendOnce()).isTrue(); // rounds 0 and 1 acknowledged
        first.down = true;
        rounds(killed, hosts, 2, 3); // rounds 2-4 held: the broker is away, then the process is killed
        assertThat(killed.sendOnce()).isFalse();
        assertThat(Files.getPosixFilePermissions(spool)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        Files.writeString(spool, "{\"s\":\"a\",\"q\":99,\"r\":[{\"ho", StandardOpenOption.APPEND); // torn by the kill

        MetricExporterTest.MemorySink second = new MetricExporterTest.MemorySink();
        MetricExporter next = new MetricExporter(second, settings).spool(spool);
        assertThat(next.buffered()).isEqualTo(2 * 3);
        rounds(next, hosts, 5, 1);
        assertThat(next.sendOnce()).isTrue();
        assertThat(cpu(second, "a")).containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(cpu(second, "b")).containsExactly(2.0, 3.0, 4.0, 5.0);
        next.close();

        MetricExporterTest.MemorySink third = new MetricExporterTest.MemorySink();
        MetricExporter after = new MetricExporter(third, settings).spool(spool);
        assertThat(after.buffered()).as("everything was acknowledged").isZero();
        after.close();
    }

    @Test
    void aLongOutageKeepsTheBufferBoundAndCompactsTheJournal() throws Exception {
        Path spool = dir.resolve("export-spool.jsonl");
        List<Host> hosts = MetricExporterTest.hosts("a");
        MetricExporterTest.MemorySink sink = new MetricExporterTest.MemorySink();
        sink.down = true;
        MetricExporter ex = new MetricExporter(sink, ExportSettings.defaults().withBuffer(3)).spool(spool);
        rounds(ex, hosts, 0, 3000);
        assertThat(ex.dropped()).isEqualTo(3000 - 3);
        assertThat(Files.readAllLines(spool).size()).as("compacted, not 3000 lines").isLessThan(1100);
        MetricExporter next = new MetricExporter(new MetricExporterTest.MemorySink(), ExportSettings.defaults()
                .withBuffer(3)).spool(spool);
        assertThat(next.buffered()).isEqualTo(3);
        assertThat(next.sendOnce()).isTrue();
        next.close();
    }
}
