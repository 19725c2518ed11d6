package dev.muster.server.http;

import dev.muster.core.inventory.Inventory;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricSampler;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.store.RetentionPolicy;
import dev.muster.server.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's background work besides runs and schedules: sampling every inventory host's
 * metrics at an interval (over the engine's transport, the warm pool), and applying the
 * retention policy at start and then periodically. Tests call {@link #sampleOnce} and
 * {@link #retainOnce} directly instead of waiting for intervals.
 */
final class Upkeep implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Upkeep.class.getName());
    /** Live output of an ended run stays this long for late readers on other servers. */
    static final Duration LIVE_OUTPUT_KEPT = Duration.ofMinutes(5);

    /** What one retention pass deleted. */
    record Deleted(int runs, int reports, int samples, int deadLetters) {
    }

    private final Store store;
    private final Inventory inventory;
    private final MetricSampler sampler;
    private final MetricStore samples;
    private final ReportStore reports;
    private final RetentionPolicy retention;
    private final java.time.Clock clock;
    private ScheduledExecutorService executor;

    Upkeep(Store store, Inventory inventory, MetricSampler sampler, MetricStore samples, ReportStore reports,
           RetentionPolicy retention, java.time.Clock clock) {
        this.clock = clock;
        this.store = store;
        this.inventory = inventory;
        this.sampler = sampler;
        this.samples = samples;
        this.reports = reports;
        this.retention = retention;
    }

    /** Applies retention now and then every policy interval; samples every {@code sampleEvery} (zero: never). */
    synchronized void start(Duration sampleEvery) {
        executor = Executors.newScheduledThreadPool(2, Thread.ofVirtual().name("muster-upkeep-", 0).factory());
        executor.scheduleWithFixedDelay(() -> quietly("apply retention", this::retainOnce), 0,
                retention.every().toMillis(), TimeUnit.MILLISECONDS);
        if (!sampleEvery.isZero()) {
            executor.scheduleWithFixedDelay(() -> quietly("sample metrics", this::sampleOnce), 0,
                    sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One sampling round over every inventory host, stored. */
    List<MetricSample> sampleOnce() throws InterruptedException {
        return sampler.sample(inventory.hosts());
    }

    /** One retention pass over runs, reports, metric samples and dead letters. */
    Deleted retainOnce() {
        int runs = store.retention().apply(retention.runsMaxAge(), retention.maxRuns());
        int old = reports.deleteOlderThan(retention.reportsMaxAge());
        int gone = samples.deleteOlderThan(retention.samplesMaxAge());
        int letters = store.deadLetters().deleteOlderThan(clock.instant().minus(retention.deadLettersMaxAge()));
        // output shared while runs went on: the whole of it is in run_output once they end
        store.liveOutputs().deleteEndedBefore(clock.instant().minus(LIVE_OUTPUT_KEPT));
        if (runs + old + gone + letters > 0) {
            LOG.log(System.Logger.Level.INFO, "retention deleted {0} runs, {1} reports, {2} metric samples, "
                    + "{3} dead letters", runs, old, gone, letters);
        }
        return new Deleted(runs, old, gone, letters);
    }

    private interface Work {
        Object run() throws Exception;
    }

    /** A failed pass is logged and the next one tries again: the loop must outlive a store hiccup. */
    private static void quietly(String what, Work work) {
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
