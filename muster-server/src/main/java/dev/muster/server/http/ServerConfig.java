package dev.muster.server.http;

import dev.muster.core.inventory.Inventory;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.inspect.WebhookAlerts;
import dev.muster.server.metrics.FleetMetricsSource;
import dev.muster.server.store.RetentionPolicy;
import dev.muster.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link MusterServer#start} needs. The CLI builds it: the server module cannot reach
 * SSH or the CLI, so the transport, inventory and plan step factories arrive here.
 */
public final class ServerConfig {
    String host = "127.0.0.1";
    int port = 7070;
    final Store store;
    final Inventory inventory;
    final EngineSettings engine;
    Path plansDir;
    Tls tls;
    Boolean metricsOpen;
    Clock clock = Clock.systemUTC();
    boolean claimRuns = true;
    boolean schedule = true;
    FleetMetricsSource fleetMetrics = FleetMetricsSource.NONE;
    HostStatusSource hostStatus = HostStatusSource.NONE;
    final List<ServerExtension> extensions = new ArrayList<>();
    WebhookAlerts webhook;
    String baseUrl;
    Duration sampleEvery = Duration.ZERO;
    RetentionPolicy retention = RetentionPolicy.DEFAULT;
    boolean upkeep = true;
    java.util.List<dev.muster.server.stream.LogSource> logSources = java.util.List.of();
    java.nio.file.Path logOffsetsDir;
    java.util.Properties logProducer = new java.util.Properties();
    dev.muster.server.stream.MetricSink exportSink;
    dev.muster.server.stream.ExportSettings exportSettings;

    public ServerConfig(Store store, Inventory inventory, EngineSettings engine) {
        this.store = Objects.requireNonNull(store, "store");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Where to listen; port 0 picks a free one. Default 127.0.0.1:7070. */
    public ServerConfig listen(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    /** Plans {@code POST /plans/apply} may name must lie under this directory; none: no plan API. */
    public ServerConfig plans(Path dir) {
        this.plansDir = dir;
        return this;
    }

    /** Serve HTTPS with this certificate. */
    public ServerConfig tls(Tls tls) {
        this.tls = tls;
        return this;
    }

    /** Whether /metrics answers without a token; default: only while bound to loopback. */
    public ServerConfig metricsOpen(Boolean open) {
        this.metricsOpen = open;
        return this;
    }

    public ServerConfig clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Whether this server executes queued runs (default yes). */
    public ServerConfig claimRuns(boolean claim) {
        this.claimRuns = claim;
        return this;
    }

    /** Whether this server runs the scheduler loop (default yes; tests tick it themselves). */
    public ServerConfig schedule(boolean run) {
        this.schedule = run;
        return this;
    }

    public ServerConfig fleetMetrics(FleetMetricsSource source) {
        this.fleetMetrics = source;
        return this;
    }

    public ServerConfig hostStatus(HostStatusSource source) {
        this.hostStatus = source;
        return this;
    }

    /** Adds routes (e.g. the dashboard's pages) registered after the API's. */
    public ServerConfig extension(ServerExtension extension) {
        this.extensions.add(extension);
        return this;
    }

    /** Where inspections' alerts about new failures go; none: no alerts. */
    public ServerConfig webhook(WebhookAlerts alerts) {
        this.webhook = alerts;
        return this;
    }

    /** The URL reports are linked under in alerts ({@code BASE/reports/ID}); default: the listening URL. */
    public ServerConfig baseUrl(String url) {
        this.baseUrl = url;
        return this;
    }

    /** How often every inventory host's metrics are sampled; zero (the default) never. */
    public ServerConfig sampleEvery(Duration every) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("the sampling interval must not be negative: " + every);
        }
        this.sampleEvery = every;
        return this;
    }

    public ServerConfig retention(RetentionPolicy policy) {
        this.retention = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Whether sampling and retention run on their own loops (default yes; tests call them directly). */
    public ServerConfig upkeep(boolean run) {
        this.upkeep = run;
        return this;
    }

    /**
     * Exports every sampling round's metrics to {@code sink} (issue 18); while exporting, the server
     * samples at least as often as the shortest group interval. The server closes the sink.
     */
    /**
     * Follows these log sources and ships their lines to Kafka while the server runs, keeping the
     * offsets under {@code offsetsDir}/shipping; {@code producer} adds Kafka producer properties.
     */
    public ServerConfig logSources(java.util.List<dev.muster.server.stream.LogSource> sources,
                                   java.nio.file.Path offsetsDir, java.util.Properties producer) {
        this.logSources = java.util.List.copyOf(sources);
        this.logOffsetsDir = java.util.Objects.requireNonNull(offsetsDir, "offsetsDir");
        this.logProducer = producer == null ? new java.util.Properties() : producer;
        return this;
    }

    public ServerConfig export(dev.muster.server.stream.MetricSink sink, dev.muster.server.stream.ExportSettings settings) {
        this.exportSink = java.util.Objects.requireNonNull(sink, "sink");
        this.exportSettings = java.util.Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** How often the server samples: the configured interval, shortened to the export's shortest. */
    Duration samplingInterval() {
        if (exportSettings == null) {
            return sampleEvery;
        }
        Duration shortest = exportSettings.shortestInterval();
        return sampleEvery.isZero() || shortest.compareTo(sampleEvery) < 0 ? shortest : sampleEvery;
    }

    boolean loopback() {
        return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
    }
}
