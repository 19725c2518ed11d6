package dev.muster.server.metrics;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.PoolStats;
import dev.muster.core.exec.RunListener;
import dev.muster.core.exec.Transport;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunQueue;
import dev.muster.server.store.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * muster's own metrics in a Prometheus registry: runs in the store by status, runs finished here
 * and their durations, per-host step durations, the transport's pool, scheduler lag, and the
 * store's connection pool ({@link #watch}). Store counts are read once per scrape, not per gauge.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunQueue queue;
    private final FleetMetricsSource fleet;
    private volatile Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
    private final AtomicLong schedulerLagMs = new AtomicLong();

    public ServerMetrics(RunQueue queue, Transport transport, FleetMetricsSource fleet) {
        this.queue = queue;
        this.fleet = fleet == null ? FleetMetricsSource.NONE : fleet;
        for (RunStatus s : RunStatus.values()) {
            Gauge.builder("muster_runs", this, m -> m.byStatus.getOrDefault(s, 0L)).tag("status", s.key())
                    .description("Runs in the store by status").register(registry);
        }
        Gauge.builder("muster_queue_depth", this, m -> m.byStatus.getOrDefault(RunStatus.QUEUED, 0L))
                .description("Runs waiting for an engine to claim them").register(registry);
        Gauge.builder("muster_scheduler_lag_seconds", schedulerLagMs, v -> v.get() / 1000.0)
                .description("How late the last schedule firing was recorded after its fire time").register(registry);
        pool(transport, "active", PoolStats::active);
        pool(transport, "idle", PoolStats::idle);
        pool(transport, "waiting", PoolStats::waiting);
        // running totals are counters of their own, never a state of the gauge above
        FunctionCounter.builder("muster_pool_sessions_opened", transport, t -> t.stats().created())
                .description("SSH sessions the pool opened since the server started").register(registry);
        FunctionCounter.builder("muster_pool_sessions_failed", transport, t -> t.stats().failed())
                .description("SSH sessions the pool failed to open since the server started").register(registry);
    }

    private void pool(Transport transport, String what, ToDoubleFunction<PoolStats> value) {
        Gauge.builder("muster_pool_sessions", transport, t -> value.applyAsDouble(t.stats())).tag("state", what)
                .description("SSH session pool: sessions now active, idle, or waited for").register(registry);
    }

    /** Adds meters of another part of the server (e.g. the metric export's counters). */
    public void bind(io.micrometer.core.instrument.binder.MeterBinder binder) {
        binder.bindTo(registry);
    }

    /** A run this server executed ended. */
    public void runFinished(String kind, RunStatus status, int exitCode, Duration took) {
        Counter.builder("muster_runs_finished").tag("kind", kind).tag("status", status.key())
                .tag("exit", Integer.toString(exitCode)).description("Runs this server finished, by kind, status and exit code")
                .register(registry).increment();
        Timer.builder("muster_run_duration").tag("kind", kind).description("How long the runs this server finished took")
                .register(registry).record(took);
    }

    /** Times every host's step by its status. */
    public RunListener stepTimer() {
        return new RunListener() {
            @Override
            public void hostFinished(Outcome o) {
                Timer.builder("muster_step_duration").tag("status", o.status().key())
                        .description("How long each host's step took, by its outcome").register(registry)
                        .record(Duration.ofMillis(o.durationMs()));
            }
        };
    }

    /** A schedule fired {@code lag} after its fire time. */
    public void scheduleFired(Duration lag) {
        schedulerLagMs.set(Math.max(0, lag.toMillis()));
    }

    /**
     * Sends the store pool's {@code hikaricp_*} meters here too, with {@code muster_store_up}
     * (0 while the database is treated as down); close the handle to stop.
     */
    public AutoCloseable watch(Database db) {
        Gauge up = Gauge.builder("muster_store_up", db, d -> d.poolState().down() == null ? 1 : 0)
                .description("1 while the store's database answers, 0 while requests fail fast with 503")
                .register(registry);
        AutoCloseable bound = db.bindMetrics(registry);
        return () -> {
            bound.close();
            registry.remove(up);
        };
    }

    /**
     * Prometheus text: muster's metrics, then the fleet's. While the store is down the run counts
     * keep their last values, so the pool's gauges still show what happened.
     */
    public String scrape() {
        try {
            byStatus = queue.countByStatus();
        } catch (RuntimeException e) {
            if (!Database.unavailable(e)) {
                throw e;
            }
        }
        String fleetText = fleet.prometheusText();
        return registry.scrape() + (fleetText == null ? "" : fleetText);
    }
}
