package dev.muster.server.stream;

import dev.muster.core.inventory.Host;
import dev.muster.probe.metrics.HostMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exports the server's metric rounds. {@link #round} (called by the sampler, never blocking on the
 * sink) keeps, per host, the groups whose interval slot changed since the host's last export of
 * them, and buffers them; a background loop sends the buffer every batch interval, and while
 * the sink fails retries with exponential backoff and jitter, the buffer filling and dropping
 * its oldest samples meanwhile.
 */
public final class MetricExporter implements MeterBinder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricExporter.class.getName());

    private final MetricSink sink;
    private final ExportSettings settings;
    private final SampleBuffer buffer;
    private final Random jitter;
    private final Map<String, Map<MetricGroup, Long>> lastSlot = new HashMap<>();
    private final AtomicLong sentRecords = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread loop;

    public MetricExporter(MetricSink sink, ExportSettings settings) {
        this(sink, settings, new Random());
    }

    MetricExporter(MetricSink sink, ExportSettings settings, Random jitter) {
        this.sink = sink;
        this.settings = settings;
        this.buffer = new SampleBuffer(settings.buffer());
        this.jitter = jitter;
    }

    private ExportSpool spool;

    /**
     * Keeps the buffer in {@code file} too (before {@link #start}): samples not yet acknowledged
     * when the server stopped, killed or not, are read back and sent first.
     */
    public synchronized MetricExporter spool(java.nio.file.Path file) {
        spool = new ExportSpool(file);
        spool.replay(buffer);
        buffer.journal(spool);
        return this;
    }

    /** One sampling round: {@code metrics} in the order of {@code hosts}. */
    public void round(Instant at, List<Host> hosts, List<HostMetrics> metrics) {
        Map<String, Host> byName = new HashMap<>();
        hosts.forEach(h -> byName.put(h.name(), h));
        for (HostMetrics m : metrics) {
            Host h = byName.get(m.host());
            List<ExportRecord> due = due(at, h == null ? Host.of(m.host(), m.host(), 22) : h, m);
            if (!due.isEmpty()) {
                buffer.add(m.host(), due);
            }
        }
    }

    private synchronized List<ExportRecord> due(Instant at, Host host, HostMetrics m) {
        Map<MetricGroup, Long> last = lastSlot.computeIfAbsent(host.name(), k -> new HashMap<>());
        List<ExportRecord> out = new ArrayList<>();
        for (MetricGroup g : MetricGroup.values()) {
            // slots on the wall clock: whatever the sampling cadence, a group leaves once per interval
            long slot = Math.floorDiv(at.toEpochMilli(), settings.intervals().get(g).toMillis());
            Long previous = last.get(g);
            if (previous != null && previous == slot) {
                continue;
            }
            if (g == MetricGroup.CPU) {
                out.add(record(host, at, "up", m.ok() ? 1 : 0, "boolean"));
            }
            boolean any = g == MetricGroup.CPU;
            for (MetricGroup.Metric metric : g.metrics()) {
                Double v = m.ok() ? metric.value().apply(m) : null;
                if (v != null && Double.isFinite(v)) {
                    out.add(record(host, at, metric.name(), v, metric.unit()));
                    any = true;
                }
            }
            if (any) { // a group with nothing yet (rates on the first round) tries again next round
                last.put(g, slot);
            }
        }
        return out;
    }

    private static ExportRecord record(Host h, Instant at, String metric, double value, String unit) {
        return new ExportRecord(h.name(), h.environment(), h.labels(), at, metric, value, unit);
    }

    /** Starts the send loop. */
    public synchronized MetricExporter start() {
        loop = Thread.ofVirtual().name("muster-export").start(this::run);
        return this;
    }

    private void run() {
        try {
            while (!stop.await(settings.batchEvery().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                sendWithRetry();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the buffer; on failure waits (backoff with jitter, cut short by close) and tries again. */
    void sendWithRetry() throws InterruptedException {
        int attempt = 0;
        while (!sendOnce()) {
            Duration wait = backoff(attempt++);
            if (stop.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** One send of everything buffered; true when it was acknowledged (or there was nothing). */
    boolean sendOnce() {
        List<SampleBuffer.Sample> batch = buffer.snapshot();
        if (batch.isEmpty()) {
            return true;
        }
        List<ExportRecord> records = new ArrayList<>();
        batch.forEach(s -> records.addAll(s.records()));
        try {
            sink.send(records);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            long n = failures.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "cannot send " + records.size() + " metric records to "
                    + sink.describe() + " (failure " + n + "; retrying with backoff): " + e);
            return false;
        }
        buffer.acknowledge(batch);
        sentRecords.addAndGet(records.size());
        return true;
    }

    /** Exponential from the minimum, capped, then "equal jitter": half fixed, half random. */
    Duration backoff(int attempt) {
        long min = settings.backoffMin().toMillis();
        long max = settings.backoffMax().toMillis();
        long d = attempt >= 30 ? max : Math.min(max, min << attempt);
        long half = d / 2;
        return Duration.ofMillis(half + (half > 0 ? (long) (jitter.nextDouble() * (d - half + 1)) : 0));
    }

    /** Samples evicted from a full buffer since start. */
    public long dropped() {
        return buffer.dropped();
    }

    /** Samples waiting to be sent. */
    public long buffered() {
        return buffer.buffered();
    }

    public long sentRecords() {
        return sentRecords.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("muster_export_samples_dropped", this, MetricExporter::dropped)
                .description("Host samples dropped from a full export buffer (oldest first) while the sink was away")
                .register(registry);
        FunctionCounter.builder("muster_export_records_sent", this, MetricExporter::sentRecords)
                .description("Metric records the export sink acknowledged").register(registry);
        FunctionCounter.builder("muster_export_send_failures", this, MetricExporter::failures)
                .description("Batches the export sink failed to take (each retried with backoff)").register(registry);
        Gauge.builder("muster_export_samples_buffered", this, MetricExporter::buffered)
                .description("Host samples waiting in the export buffer").register(registry);
    }

    /** Stops the loop, tries one last send (it may fail: the buffer is lost then, unless spooled), closes the sink. */
    @Override
    public void close() {
        stop.countDown();
        Thread t;
        synchronized (this) {
            t = loop;
        }
        try {
            if (t != null) {
                t.join(Duration.ofSeconds(30));
            }
            sendOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close();
            if (spool != null) {
                spool.close();
            }
        }
    }
}
