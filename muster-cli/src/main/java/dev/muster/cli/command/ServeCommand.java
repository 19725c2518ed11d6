package dev.muster.cli.command;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.server.auth.Bootstrap;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.http.MusterServer;
import dev.muster.server.http.ServerConfig;
import dev.muster.server.http.Tls;
import dev.muster.server.inspect.WebhookAlerts;
import dev.muster.server.store.PoolSettings;
import dev.muster.server.store.RetentionPolicy;
import dev.muster.server.store.Store;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the REST API (/api/v1), login, /metrics and the scheduler over the inventory, "
                + "executing queued and scheduled runs and inspections with the same engine as the CLI, "
                + "sampling every host's metrics and applying retention (at start, then hourly).",
                "The first start creates an admin: user 'admin' with $MUSTER_ADMIN_PASSWORD, else a token printed once.",
                "Example: muster serve --listen 127.0.0.1:7070 --data ~/.muster --plans plans/ "
                        + "--webhook https://hooks.example/x"})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Mixin
    StorePool storePool;

    @Mixin
    StorePassword storePassword;

    @Mixin
    KafkaExport export;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
            description = "Where to listen (default ${DEFAULT-VALUE}; port 0 picks one).")
    String listen;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory: the SQLite store unless --store is a postgresql:// URL. Default: $MUSTER_HOME, else ~/.muster.")
    Path data;

    @Option(names = "--plans", paramLabel = "DIR", description = "Plans the API may apply must lie under this directory.")
    Path plans;

    @Option(names = "--log-sources", paramLabel = "FILE",
            description = "Follow these hosts' log files and ship their lines to Kafka while serving (YAML: log_sources: "
                    + "name, hosts, files, to, trace_regex, from_start, poll); offsets kept in the data directory.")
    Path logSources;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS: a PEM certificate (with --tls-key) or a .p12 file.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key (PKCS#8) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "4",
            description = "Runs executed at once by this server (default ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--metrics-open", negatable = true,
            description = "Serve /metrics without a token (default: only when listening on loopback).")
    Boolean metricsOpen;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST inspections' new failures as JSON to this URL (with retries), with the report link.")
    URI webhook;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The server's URL as users reach it, for report links in alerts (default: the listening URL).")
    String baseUrl;

    @Option(names = "--sample-every", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Sample every inventory host's metrics this often over the warm pool; 0 disables "
                    + "(default ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(names = "--metrics-retention", paramLabel = "DURATION", defaultValue = "7d",
            converter = DurationConverter.class,
            description = "Keep metric samples this long (default ${DEFAULT-VALUE}).")
    Duration metricsRetention;

    @Option(names = "--keep-dead-letters", paramLabel = "DURATION", defaultValue = "30d",
            converter = DurationConverter.class,
            description = "Keep dead letters (open or settled) this long (default ${DEFAULT-VALUE}).")
    Duration keepDeadLetters;

    @Option(names = "--keep-runs-days", paramLabel = "N", defaultValue = "30",
            description = "Delete finished runs (with their output) older than N days; running ones are kept "
                    + "(default ${DEFAULT-VALUE}).")
    int keepRunsDays;

    @Option(names = "--keep-runs", paramLabel = "M", defaultValue = "10000",
            description = "Keep at most the newest M runs (default ${DEFAULT-VALUE}).")
    int keepRuns;

    @Option(names = "--keep-reports-days", paramLabel = "N", defaultValue = "90",
            description = "Delete inspection reports older than N days, keeping each inspection's newest "
                    + "(default ${DEFAULT-VALUE}).")
    int keepReportsDays;

    @Option(names = "--max-output-per-host", paramLabel = "SIZE", defaultValue = "10MiB",
            converter = SizeConverter.class,
            description = "Store at most this much output per host and run; the rest is cut with a marker "
                    + "(default ${DEFAULT-VALUE}).")
    long maxOutputPerHost;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long this server's claim on a run holds without a heartbeat (renewed every third of "
                    + "it); a run of a server that stopped is reaped by another after this (default ${DEFAULT-VALUE}).")
    Duration lease;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (lease.toMillis() < 300) {
            throw InputException.option("--lease", "expected a duration of at least 300ms, got " + lease);
        }
        String[] hostPort = hostPort(listen);
        RetentionPolicy retention = retention(); // bad input is refused before anything opens
        dev.muster.server.stream.ExportSettings exportSettings = export.settings();
        PoolSettings pool = storePool.settings();
        java.util.List<dev.muster.server.stream.LogSource> sources = logSources == null ? java.util.List.of()
                : dev.muster.server.stream.LogSource.read(logSources);
        if (options.vault.prompts()) {
            throw InputException.in("muster serve", "a server takes its vault passwords from files "
                    + "(--vault-password-file, --vault-id LABEL@FILE, $MUSTER_VAULT_PASSWORD_FILE) or systemd "
                    + "credentials ($CREDENTIALS_DIRECTORY/vault-password[.LABEL]), never from a prompt");
        }
        Terminal term = options.context().terminal(out, spec.commandLine().getErr());
        Path dataDir = ServerStores.dataDir(options.store, data, options.context().home());
        try (Workspace ws = new Workspace(options, term);
             Store store = ServerStores.open(options.store, dataDir, pool, storePassword.file, spec.commandLine().getErr())) {
            String password = options.context().env().get("MUSTER_ADMIN_PASSWORD");
            Bootstrap.firstAdmin(store, password == null ? null : password.toCharArray()).ifPresent(token -> {
                out.println("First start: an admin token was created. It is shown only this once:");
                out.println("  " + token);
            });
            ws.prepareTransport();
            ExecutorOptions executor = options.executorOptions();
            EngineSettings engine = new EngineSettings(ws.transport(), PlanFactories::of, executor,
                    serverId(hostPort), maxRuns, Duration.ofSeconds(1), maxOutputPerHost, lease);
            ServerConfig config = new ServerConfig(store, ws.inventory(), engine)
                    .listen(hostPort[0], Integer.parseInt(hostPort[1])).plans(plans).metricsOpen(metricsOpen)
                    .sampleEvery(sampleEvery).retention(retention).baseUrl(baseUrl)
                    .webhook(webhook == null ? null : WebhookAlerts.of(webhook, ws.redactor()))
                    .extension(new dev.muster.server.web.Dashboard());
            if (exportSettings != null) {
                config.export(export.sink(), exportSettings)
                        .exportSpool(dataDir.resolve("export-spool.jsonl"));
            }
            if (!sources.isEmpty()) {
                for (dev.muster.server.stream.LogSource s : sources) {
                    ws.inventory().select(s.hosts()); // a selector naming no host is bad input, before serving
                }
                config.logSources(sources, dataDir, export.producerProperties());
            }
            if (tlsCert != null) {
                String pass = options.context().env().get("MUSTER_TLS_PASSWORD");
                config.tls(Tls.load(tlsCert, tlsKey, pass == null ? null : pass.toCharArray()));
            }
            return serve(config, out);
        }
    }

    private RetentionPolicy retention() {
        if (keepRunsDays < 1 || keepReportsDays < 1 || keepRuns < 1 || metricsRetention.isZero()
                || keepDeadLetters.isZero() || keepDeadLetters.isNegative()) {
            throw InputException.in("retention", "--keep-runs-days, --keep-runs, --keep-reports-days, "
                    + "--metrics-retention and --keep-dead-letters must be positive");
        }
        if (sampleEvery.isNegative()) {
            throw InputException.option("--sample-every", "expected a duration, or 0 to disable sampling");
        }
        return new RetentionPolicy(Duration.ofDays(keepRunsDays), keepRuns, Duration.ofDays(keepReportsDays),
                metricsRetention, RetentionPolicy.DEFAULT.every(), keepDeadLetters);
    }

    /** Serves until interrupted (a test) or the JVM shuts down (Ctrl-C, SIGTERM). */
    private static int serve(ServerConfig config, PrintWriter out) {
        CountDownLatch stopped = new CountDownLatch(1);
        boolean interrupted = false;
        try (MusterServer server = MusterServer.start(config)) {
            out.println("muster serve: listening on " + server.url() + " (API " + server.url() + "/api/v1)");
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "muster-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                interrupted = true; // stop cleanly first, then keep the interrupt for the caller
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    static String[] hostPort(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")) {
            throw InputException.option("--listen", "expected HOST:PORT such as 127.0.0.1:7070, got " + listen);
        }
        return new String[] {listen.substring(0, colon), listen.substring(colon + 1)};
    }

    /** Stable across restarts, so a restarted server gives up the claims of its previous process. */
    private static String serverId(String[] hostPort) {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + ":" + hostPort[1];
        } catch (java.net.UnknownHostException e) {
            return "localhost:" + hostPort[1];
        }
    }
}
