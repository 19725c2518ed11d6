package dev.muster.cli;

import dev.muster.cli.output.Terminal;
import dev.muster.core.InputException;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RetryPolicy;
import dev.muster.server.auth.Bootstrap;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.http.MusterServer;
import dev.muster.server.http.ServerConfig;
import dev.muster.server.http.Tls;
import dev.muster.server.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the REST API (/api/v1), login, /metrics and the scheduler over the inventory, "
                + "executing queued and scheduled runs with the same engine as the CLI.",
                "The first start creates an admin: user 'admin' with $MUSTER_ADMIN_PASSWORD, else a token printed once.",
                "Example: muster serve --listen 127.0.0.1:7070 --data ~/.muster --plans plans/"})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
            description = "Where to listen (default ${DEFAULT-VALUE}; port 0 picks one).")
    String listen;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory: the SQLite store unless --store is a postgresql:// URL. Default: $MUSTER_HOME, else ~/.muster.")
    Path data;

    @Option(names = "--plans", paramLabel = "DIR", description = "Plans the API may apply must lie under this directory.")
    Path plans;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] hostPort = hostPort(listen);
        Terminal term = Terminal.detect(out, spec.commandLine().getErr());
        try (Workspace ws = new Workspace(options, term)) {
            Store store = ServerStores.open(options.store, data);
            String password = System.getenv("MUSTER_ADMIN_PASSWORD");
            Bootstrap.firstAdmin(store, password == null ? null : password.toCharArray()).ifPresent(token -> {
                out.println("First start: an admin token was created. It is shown only this once:");
                out.println("  " + token);
            });
            ws.prepareTransport();
            ExecutorOptions executor = new ExecutorOptions(options.forks, options.timeoutOrNull(), options.deadline,
                    new RetryPolicy(options.retries + 1, Duration.ofMillis(250), Duration.ofSeconds(5)), 0);
            EngineSettings engine = new EngineSettings(ws.transport(), PlanFactories::of, executor,
                    serverId(hostPort), maxRuns, Duration.ofSeconds(1));
            ServerConfig config = new ServerConfig(store, ws.inventory(), engine)
                    .listen(hostPort[0], Integer.parseInt(hostPort[1])).plans(plans).metricsOpen(metricsOpen)
                    .extension(new dev.muster.server.web.Dashboard());
            if (tlsCert != null) {
                String pass = System.getenv("MUSTER_TLS_PASSWORD");
                config.tls(Tls.load(tlsCert, tlsKey, pass == null ? null : pass.toCharArray()));
            }
            return serve(config, out);
        }
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
            throw new InputException("--listen", 0, 0, "expected HOST:PORT such as 127.0.0.1:7070, got " + listen);
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
