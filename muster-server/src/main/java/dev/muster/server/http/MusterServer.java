package dev.muster.server.http;

import dev.muster.core.InputException;
import dev.muster.server.auth.Principal;
import dev.muster.server.engine.EngineBridge;
import dev.muster.server.engine.InspectionSettings;
import dev.muster.server.engine.RunEvents;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.engine.ScheduledRuns;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.FleetMetrics;
import dev.muster.server.metrics.FleetMetricsSource;
import dev.muster.server.metrics.MetricSampler;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.stream.MetricExporter;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.schedule.Scheduler;
import dev.muster.server.schedule.SchedulerLoop;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code muster serve}: the REST API, login, /metrics and extensions' pages over HTTP(S), the
 * engine bridge executing queued runs and inspections, the scheduler firing schedules, metric
 * sampling and retention ({@link Upkeep}). {@link #close()} stops
 * taking requests and cancels the runs still executing here (they end cancelled in the store).
 */
public final class MusterServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MusterServer.class.getName());

    private final ServerConfig config;
    private final ServerContext context;
    private final EngineBridge bridge;
    private final Scheduler scheduler;
    private final ReportStore reports;
    private final Upkeep upkeep;
    private final HostStatusSource hostStatus;
    private final MetricStore samples;
    private final AutoCloseable storeMeters;
    private final MetricExporter exporter;
    private dev.muster.server.stream.LogSources logSources;
    private SchedulerLoop schedulerLoop;
    private Javalin app;
    private List<Api.Route> routes = List.of();

    private MusterServer(ServerConfig config) {
        this.config = config;
        RunTargets targets = new RunTargets(config.inventory, config.plansDir);
        int sealed = config.store.guardSecrets(config.inventory);
        if (sealed > 0) {
            LOG.log(System.Logger.Level.INFO, "sealed secret values in " + sealed + " stored runs and schedules");
        }
        RunEvents events = new RunEvents();
        this.reports = new ReportStore(config.store, config.clock);
        this.samples = new MetricStore(config.store, config.clock);
        // a host not sampled for three intervals (or three minutes, without sampling) shows stale
        Duration sampling = config.samplingInterval();
        Duration stale = sampling.isZero() ? Duration.ofMinutes(3) : sampling.multipliedBy(3);
        MetricSampler sampler = new MetricSampler(config.engine.transport(), config.engine.executor(), samples,
                config.clock);
        FleetMetrics fleet = new FleetMetrics(sampler::latest, config.clock, stale);
        FleetMetricsSource fleetMetrics = config.fleetMetrics != FleetMetricsSource.NONE ? config.fleetMetrics
                : () -> fleet.prometheus(config.inventory);
        this.hostStatus = config.hostStatus != HostStatusSource.NONE ? config.hostStatus
                : new FleetStatus(samples, reports, config.clock, stale);
        this.upkeep = new Upkeep(config.store, config.inventory, sampler, samples, reports, config.retention,
                config.clock);
        ServerMetrics metrics = new ServerMetrics(config.store.queue(), config.engine.transport(), fleetMetrics);
        if (config.exportSink != null) {
            this.exporter = new MetricExporter(config.exportSink, config.exportSettings);
            if (config.exportSpool != null) {
                exporter.spool(config.exportSpool);
            }
            sampler.listener(exporter::round);
            metrics.bind(exporter);
        } else {
            this.exporter = null;
        }
        this.storeMeters = metrics.watch(config.store.database());
        InspectionSettings inspections = new InspectionSettings(reports, config.webhook,
                id -> (config.baseUrl != null ? config.baseUrl : url()) + "/reports/" + id, config.clock,
                id -> (config.baseUrl != null ? config.baseUrl : url()) + "/runs/" + id);
        this.bridge = config.claimRuns ? new EngineBridge(config.store, targets, config.engine, events, metrics,
                config.clock, inspections) : null;
        this.context = new ServerContext(config.store, targets, bridge, events, metrics, config.clock,
                config.tls != null);
        this.scheduler = new Scheduler(config.store.schedules(), new ScheduledRuns(bridge, metrics, config.store, targets),
                config.clock, config.engine.serverId());
    }

    /** Starts serving, executing queued runs and firing schedules as configured. */
    public static MusterServer start(ServerConfig config) {
        MusterServer server = new MusterServer(config);
        server.app = Javalin.create(server::configure);
        server.app.start();
        if (server.bridge != null) {
            server.bridge.start();
        }
        if (config.schedule) {
            server.schedulerLoop = SchedulerLoop.start(server.scheduler, Duration.ofSeconds(30));
        }
        if (server.exporter != null) {
            server.exporter.start();
        }
        if (!config.logSources.isEmpty()) {
            server.logSources = dev.muster.server.stream.LogSources.start(config.logSources, config.inventory,
                    config.engine.transport(), config.engine.executor().withHostTimeout(null), config.logOffsetsDir,
                    config.logProducer);
        }
        if (config.upkeep) {
            server.upkeep.start(config.samplingInterval());
        }
        return server;
    }

    /** True when Jetty has already ended and recycled the request (an event stream's last write after its client left). */
    private static boolean ended(io.javalin.http.Context ctx) {
        try {
            ctx.path();
            return false;
        } catch (RuntimeException gone) {
            return true;
        }
    }

    /** True when {@code e} is the client's connection closing under a write (Jetty's EofException, a reset or broken pipe). */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("org.eclipse.jetty.io.EofException")
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("recycled")) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof java.io.IOException && m != null
                    && (m.contains("Broken pipe") || m.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.concurrency.useVirtualThreads = true;
        if (config.tls == null) {
            c.jetty.host = config.host;
            c.jetty.port = config.port;
        } else {
            c.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(config.tls.keyStore());
                ssl.setKeyStorePassword(new String(config.tls.password()));
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                http.addCustomizer(secure);
                ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
                connector.setHost(config.host);
                connector.setPort(config.port);
                return connector;
            });
        }
        var r = c.routes;
        // messages may quote what the caller sent: secret values in them are masked like everywhere
        r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.error(), masked(e.getMessage())));
        r.exception(InputException.class, (e, ctx) -> error(ctx, 400, "bad_request", masked(e.getMessage())));
        r.exception(Exception.class, (e, ctx) -> {
            if (clientGone(e) || ended(ctx)) {
                // the client went away mid-answer (an event stream closed by its browser): the
                // request is over, and there is nobody to answer or to warn
                return;
            }
            if (dev.muster.server.store.Database.unavailable(e)) {
                // the pool logs the outage once; a stack per request would bury it
                LOG.log(System.Logger.Level.DEBUG, masked(ctx.method() + " " + ctx.path() + ": " + e.getMessage()));
                ctx.header("Retry-After", "5");
                error(ctx, 503, "store_unavailable", "the store is unavailable, try again shortly: "
                        + masked(String.valueOf(e.getMessage())));
                return;
            }
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            LOG.log(System.Logger.Level.WARNING, masked(ctx.method() + " " + ctx.path() + " failed: " + trace));
            error(ctx, 500, "internal", "the server failed to answer " + ctx.method() + " " + ctx.path()
                    + "; its log says why");
        });
        r.error(404, "*", ctx -> {
            String result = ctx.result();
            if (result == null || !(result.startsWith("{") || result.startsWith("<!doctype"))) {
                if (ctx.path().startsWith(Api.PREFIX)) {
                    error(ctx, 404, "not_found", masked("no route " + ctx.method() + " " + ctx.path()));
                } else {
                    error(ctx, 404, "not_found", masked("nothing at " + ctx.path()));
                }
            }
        });
        LoginRoutes login = new LoginRoutes(context);
        r.before(SecurityHeaders::apply);
        Api api = new Api(r, context);
        r.beforeMatched(Api.PREFIX + "/*", ctx -> authenticate(ctx, api));
        // a route that answers without reading the body (approve, cancel) would leave Jetty to close
        // the connection under a client still sending it, which then sees no answer at all: the body
        // (bounded by the request size limit) is read first, whatever the route does with it
        r.beforeMatched(Api.PREFIX + "/*", ctx -> {
            if (ctx.method() != io.javalin.http.HandlerType.GET && ctx.contentLength() > 0) {
                ctx.bodyAsBytes();
            }
        });
        r.before(login::checkForm);
        r.get("/metrics", this::metrics);
        api.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.document()));
        new RunRoutes(context, hostStatus).register(api);
        new ReportRoutes(context, reports, samples).register(api);
        new PlanRoutes(context).register(api);
        new WindowOverrideRoutes(context).register(api);
        new ScheduleRoutes(context).register(api);
        new AdminRoutes(context).register(api);
        new DeadLetterRoutes(context).register(api);
        login.register(r, config.extensions.isEmpty());
        for (ServerExtension e : config.extensions) {
            e.register(r, context);
        }
        routes = api.routes();
    }

    /**
     * API callers show a bearer token, or a session cookie plus its CSRF token on anything but reads
     * (compared in constant time). A refused mutating call is audited like any other.
     */
    private void authenticate(Context ctx, Api api) {
        String authorization = ctx.header("Authorization");
        Optional<Principal> p;
        ApiError refusal = null;
        if (authorization != null) {
            p = context.auth().bearer(authorization);
        } else {
            p = context.sessionPrincipal(ctx);
            if (p.isPresent() && !ctx.method().name().equals("GET")
                    && !LoginRoutes.same(p.get().csrf(), ctx.header(LoginRoutes.CSRF_HEADER))) {
                refusal = ApiError.forbidden("a session's API call needs its CSRF token in " + LoginRoutes.CSRF_HEADER);
            }
        }
        if (refusal == null && p.isEmpty()) {
            refusal = ApiError.unauthorized();
        }
        if (refusal != null) {
            p.ifPresent(x -> ctx.attribute(ServerContext.PRINCIPAL, x));
            api.auditRefused(ctx, refusal);
            throw refusal;
        }
        ctx.attribute(ServerContext.PRINCIPAL, p.get());
    }

    private void metrics(Context ctx) {
        boolean open = config.metricsOpen != null ? config.metricsOpen : config.loopback();
        if (!open && context.auth().bearer(ctx.header("Authorization")).isEmpty()) {
            throw ApiError.unauthorized();
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(context.metrics().scrape());
    }

    private String masked(String message) {
        return context.secrets().display(message);
    }

    private static void error(Context ctx, int status, String error, String message) {
        String accept = ctx.header("Accept");
        if (!ctx.path().startsWith(Api.PREFIX) && !ctx.path().equals("/metrics") && accept != null
                && accept.contains("text/html")) {
            // a browser on a dashboard page gets a page, not JSON
            ctx.status(status).contentType("text/html; charset=utf-8")
                    .result(HtmlText.errorPage(status, message == null ? error : message));
            return;
        }
        ctx.status(status).contentType("application/json");
        try {
            ctx.result(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    Map.of("error", error, "message", message == null ? error : message)));
        } catch (java.io.IOException e) {
            ctx.result("{\"error\":\"" + error + "\"}");
        }
    }

    /** The port serving (the chosen one when configured with port 0). */
    public int port() {
        return app.port();
    }

    /** http(s)://host:port */
    public String url() {
        return (config.tls == null ? "http" : "https") + "://" + config.host + ":" + port();
    }

    public ServerContext context() {
        return context;
    }

    /** The scheduler, for tests that tick it with their own clock. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Sampling and retention, for tests that run them directly. */
    Upkeep upkeep() {
        return upkeep;
    }

    /**
     * Every HTTP endpoint the server answers, API and pages ("GET /runs/{id}"), filters left out:
     * what the security matrix test must cover.
     */
    List<String> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(e.method.name()))
                .map(e -> e.method.name() + " " + e.path).distinct().sorted().toList();
    }

    /** The log sources this server follows, or null without any. */
    public dev.muster.server.stream.LogSources logSources() {
        return logSources;
    }

    /** The API's routes as registered (method, path after /api/v1). */
    List<Api.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        if (logSources != null) {
            logSources.close();
        }
        upkeep.close();
        if (exporter != null) {
            exporter.close(); // after sampling stopped: its last send takes the last round too
        }
        if (schedulerLoop != null) {
            schedulerLoop.close();
        }
        if (bridge != null) {
            bridge.close();
        }
        if (app != null) {
            app.stop();
        }
        try {
            storeMeters.close();
        } catch (Exception e) {
            // only unregisters meters
        }
    }
}
