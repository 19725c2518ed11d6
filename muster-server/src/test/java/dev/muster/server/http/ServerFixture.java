package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunOutput;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A server over a real store and an in-process MINA fleet: web01 in staging, db01 in prod
 * (protected), an inventory secret, a plans directory; HTTP calls over loopback.
 */
public final class ServerFixture implements AutoCloseable {
    public static final String SECRET = "s3cr3t-hunter2-value";

    public final Path dir;
    public final FakeFleet fleet;
    public final Transport transport;
    public final Inventory inventory;
    public final Store store;
    public final MusterServer server;
    public final HttpClient http;
    final ObjectMapper json = new ObjectMapper();
    final Path plans;

    ServerFixture(Path dir, Database db, ManualClock clock, UnaryOperator<ServerConfig> tweak) throws IOException {
        this(dir, db, clock, tweak, HttpClient.newHttpClient());
    }

    ServerFixture(Path dir, Database db, ManualClock clock, UnaryOperator<ServerConfig> tweak, HttpClient http)
            throws IOException {
        this(dir, db, clock, tweak, http, Duration.ofMillis(100));
    }

    /** @param poll how often the engine checks the queue unwoken (long: runs wait for a wake-up) */
    public ServerFixture(Path dir, Database db, ManualClock clock, UnaryOperator<ServerConfig> tweak, HttpClient http,
                         Duration poll) throws IOException {
        this(dir, db, clock, tweak, http, poll, b -> b);
    }

    /** @param fleetTweak e.g. SHELL mode, so inspection scripts and metric sampling really run */
    public ServerFixture(Path dir, Database db, ManualClock clock, UnaryOperator<ServerConfig> tweak, HttpClient http,
                  Duration poll, UnaryOperator<dev.muster.testkit.FakeFleetBuilder> fleetTweak) throws IOException {
        this(dir, db, clock, tweak, http, poll, fleetTweak, EngineSettings.DEFAULT_LEASE);
    }

    /** @param lease how long the engine's claims hold without a heartbeat */
    ServerFixture(Path dir, Database db, ManualClock clock, UnaryOperator<ServerConfig> tweak, HttpClient http,
                  Duration poll, UnaryOperator<dev.muster.testkit.FakeFleetBuilder> fleetTweak, Duration lease)
            throws IOException {
        this.dir = dir;
        this.fleet = fleetTweak.apply(FakeFleet.builder().hosts(2).dir(dir.resolve("fleet"))).start();
        List<FakeHost> hosts = fleet.hosts();
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "secrets: [api_key]\nvars: {api_key: " + SECRET + "}\n"
                + "environments: {prod: {protected: true}, staging: {}}\nhosts:\n"
                + line("web01", hosts.get(0), "staging") + line("db01", hosts.get(1), "prod")
                + "groups:\n  web: {hosts: [web01]}\n  db: {hosts: [db01]}\n");
        this.inventory = new InventoryLoader().load(inv);
        this.transport = new SshTransport(SshTransportConfig.defaults().toBuilder().knownHostsFile(fleet.knownHosts())
                .addIdentityFile(fleet.clientKey().privateKeyFile()).build());
        this.plans = Files.createDirectories(dir.resolve("plans"));
        Files.writeString(plans.resolve("prod.yaml"), "name: prod\ntargets: \"@db\"\nsteps:\n  - run: echo deployed\n");
        Files.writeString(plans.resolve("approve.yaml"), "name: gated\ntargets: \"@web\"\nsteps:\n"
                + "  - run: echo before-approval\n"
                + "  - approve: {message: \"go on?\", timeout: 30s}\n  - run: echo approved\n");
        Files.writeString(plans.resolve("staging.yaml"), "name: staging\ntargets: \"@web\"\nsteps:\n"
                + "  - run: echo deployed\n");
        this.store = Store.open(db, clock == null ? java.time.Clock.systemUTC() : clock,
                RunOutput.DEFAULT_CHUNK_CHARS, 1_000);
        EngineSettings engine = new EngineSettings(transport, t -> List.of(), ExecutorOptions.defaults(), "test-server",
                4, poll, EngineSettings.DEFAULT_MAX_OUTPUT_PER_HOST, lease);
        ServerConfig config = new ServerConfig(store, inventory, engine).listen("127.0.0.1", 0).plans(plans)
                .schedule(false);
        if (clock != null) {
            config.clock(clock);
        }
        this.server = MusterServer.start(tweak.apply(config));
        this.http = http;
    }

    private static String line(String name, FakeHost h, String env) {
        return "  " + name + ": {address: " + h.address() + ", port: " + h.port() + ", user: " + h.user()
                + ", env: " + env + "}\n";
    }

    /** A token acting as {@code owner} that holds {@code role} in {@code environment}. */
    public String token(String owner, String role, String environment) {
        return store.tokens().issue(owner + "-token", owner, null, java.util.Map.of(environment, role)).plain();
    }

    public HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " with a body of "
                    + (body == null ? 0 : body.length()) + " chars: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Waits (polling the API, bounded) until the run is no longer queued or running. */
    public JsonNode awaitEnd(String runId, String token) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            JsonNode run = json(call("GET", "/api/v1/runs/" + runId, token, null));
            String status = run.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    @Override
    public void close() {
        server.close();
        store.close();
        transport.close();
        fleet.close();
    }
}
