package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Transport;
import dev.muster.core.inventory.Inventory;
import dev.muster.core.inventory.InventoryLoader;
import dev.muster.core.secret.KnownSecrets;
import dev.muster.core.secret.SecretResolver;
import dev.muster.core.secret.Vault;
import dev.muster.core.secret.VaultKeys;
import dev.muster.server.engine.EngineSettings;
import dev.muster.server.schedule.Firing;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunOutput;
import dev.muster.server.store.Store;
import dev.muster.server.testing.LogCapture;
import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.StoreDump;
import dev.muster.ssh.SshTransport;
import dev.muster.ssh.SshTransportConfig;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muster serve} with an inventory holding a {@code !vault} value and a secret command: each
 * queued or scheduled run decrypts and runs the command when it runs (once per run), a schedule
 * stores only its plan's name, and no value of any kind (vault, command, environment, file), nor
 * the ciphertext, reaches an API response (every GET route and dashboard page of the route table,
 * for every run), the audit log, a log line or the store's files.
 */
@Timeout(180)
class VaultServerTest {
    static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    static final String DB_PASSWORD = "vault-db-pw-31337";
    static final String TOKEN = "cmd-token-42424";
    static final String ENV_SECRET = "env-token-16180";
    static final String FILE_SECRET = "file-token-14142";
    /** Every secret of the inventory, one of each kind: vault, command, environment, file. */
    static final List<String> SECRETS = List.of(DB_PASSWORD, TOKEN, ENV_SECRET, FILE_SECRET, "ANSIBLE_VAULT");
    /** Every log record the server writes while a test runs. */
    LogCapture logs;

    @org.junit.jupiter.api.BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @org.junit.jupiter.api.AfterEach
    void releaseLogs() {
        logs.close();
    }

    @TempDir
    Path dir;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    private Inventory inventory(FakeHost host, VaultKeys keys) throws Exception {
        Path marker = dir.resolve("command-ran");
        StringBuilder yaml = new StringBuilder("hosts:\n  db01:\n    address: " + host.address() + "\n    port: "
                + host.port() + "\n    user: " + host.user() + "\n    vars:\n      api_token: {secret: {command: \"echo run >> "
                + marker + "; echo " + TOKEN + "\"}}\n      env_token: {secret: {env: SWEEP_ENV}}\n"
                + "      file_token: {secret: {file: " + secretFile() + "}}\n      db_password: !vault |\n");
        Vault.encrypt(DB_PASSWORD.getBytes(StandardCharsets.UTF_8), PASSWORD, "prod").format().lines()
                .forEach(l -> yaml.append("        ").append(l).append('\n'));
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, yaml);
        return new InventoryLoader().secrets(new SecretResolver(keys, java.util.Map.of("SWEEP_ENV", ENV_SECRET),
                new KnownSecrets())).load(inv);
    }

    private Path secretFile() throws Exception {
        Path file = dir.resolve("file.secret");
        Files.writeString(file, FILE_SECRET + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private HttpResponse<String> call(MusterServer server, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitEnd(MusterServer server, String id, String token) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode run = json.readTree(call(server, "GET", "/api/v1/runs/" + id, token, null).body());
            String status = run.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    private record Server(FakeFleet fleet, Transport transport, Store store, MusterServer server, String admin)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            transport.close();
            fleet.close();
        }
    }

    private Server start(VaultKeys keys) throws Exception {
        return start(keys, java.time.Clock.systemUTC());
    }

    private Server start(VaultKeys keys, java.time.Clock clock) throws Exception {
        FakeFleet fleet = FakeFleet.builder().hosts(1).namePrefix("db").dir(dir.resolve("fleet"))
                .commandMode(dev.muster.testkit.CommandMode.SHELL).start();
        Inventory inventory = inventory(fleet.hosts().getFirst(), keys);
        Transport transport = new SshTransport(SshTransportConfig.defaults().toBuilder()
                .knownHostsFile(fleet.knownHosts()).addIdentityFile(fleet.clientKey().privateKeyFile()).build());
        Path plans = Files.createDirectories(dir.resolve("plans"));
        Files.writeString(plans.resolve("db.yaml"), "name: db\ntargets: db01\nsteps:\n"
                + "  - run: echo pw={{ db_password }} token={{ api_token }}\n  - run: echo again {{ api_token }}\n"
                + "  - run: echo env={{ env_token }} file={{ file_token }}\n");
        Store store = Store.open(Database.sqlite(dir.resolve("data")), clock,
                RunOutput.DEFAULT_CHUNK_CHARS, 1_000);
        EngineSettings engine = new EngineSettings(transport, t -> List.of(), ExecutorOptions.defaults(), "test-server",
                2, Duration.ofMillis(100));
        MusterServer server = MusterServer.start(new ServerConfig(store, inventory, engine).listen("127.0.0.1", 0)
                .plans(plans).schedule(false).clock(clock).extension(new dev.muster.server.web.Dashboard()));
        store.grants().grant("root", "*", "admin");
        return new Server(fleet, transport, store, server, store.tokens().issue("root-token", "root", null, java.util.Map.of("*", "admin")).plain());
    }

    @Test
    void eachRunDecryptsWhenItRunsAndNoValueIsServedLoggedOrStored() throws Exception {
        try (Server s = start(new VaultKeys(List.of(VaultKeys.key("prod", "test", PASSWORD))))) {
            List<String> bodies = new ArrayList<>();
            for (int run = 1; run <= 2; run++) {
                HttpResponse<String> queued = call(s.server(), "POST", "/api/v1/plans/apply", s.admin(),
                        "{\"plan\": \"db.yaml\"}");
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                String id = json.readTree(queued.body()).path("id").asText();
                JsonNode end = awaitEnd(s.server(), id, s.admin());
                assertThat(end.path("exitCode").asInt()).as(end.toString()).isZero();
                // the secret command ran once for this run (two steps use its value), not once for the server
                assertThat(Files.readAllLines(dir.resolve("command-ran"))).hasSize(run);
                HttpResponse<String> out = call(s.server(), "GET", "/api/v1/runs/" + id + "/output?host=db01", s.admin(),
                        null);
                assertThat(out.body()).contains("pw=**** token=****").contains("again ****").contains("env=**** file=****");
                for (String path : List.of("/api/v1/runs", "/api/v1/runs/" + id, "/api/v1/runs/" + id + "/hosts",
                        "/api/v1/audit", "/api/v1/hosts")) {
                    bodies.add(path + ": " + call(s.server(), "GET", path, s.admin(), null).body());
                }
                bodies.add(out.body());
            }
            assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(SECRETS));
            List<String> runIds = s.store().runs().list(50).stream().map(r -> r.id()).toList();
            String cookie = s.store().sessions().open("root", Duration.ofHours(1)).cookie();
            java.util.Map<String, String> answers = new EndpointSweep(s.server(), http, s.admin(), cookie, runIds,
                    List.of(), List.of("db01")).fetchAll();
            assertThat(answers).as("every GET route and page, for each run").hasSizeGreaterThan(30);
            answers.forEach((request, answer) -> assertThat(answer).as(request).doesNotContain(SECRETS));
            assertNotInStore();
            assertThat(logs.text()).doesNotContain(SECRETS);
        }
    }

    @Test
    void aScheduleKeepsThePlansReferencesAndEachFiringDecryptsWhenItRuns() throws Exception {
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        try (Server s = start(new VaultKeys(List.of(VaultKeys.key("prod", "test", PASSWORD))), clock)) {
            HttpResponse<String> saved = call(s.server(), "POST", "/api/v1/schedules", s.admin(),
                    "{\"name\": \"nightly-db\", \"cron\": \"* * * * *\", \"plan\": \"db.yaml\"}");
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
            assertThat(Files.exists(dir.resolve("command-ran"))).as("saving a schedule resolves no secret").isFalse();
            assertThat(StoreDump.dump(s.store().database())).contains("db.yaml").doesNotContain(SECRETS);
            for (int firing = 1; firing <= 2; firing++) {
                clock.advance(Duration.ofMinutes(1));
                List<Firing> fired = s.server().scheduler().tick();
                assertThat(fired).as("firing %d", firing).hasSize(1);
                s.server().context().engine().orElseThrow().wake();
                String id = fired.getFirst().runId();
                JsonNode end = awaitEnd(s.server(), id, s.admin());
                assertThat(end.path("exitCode").asInt()).as(end.toString()).isZero();
                assertThat(Files.readAllLines(dir.resolve("command-ran"))).as("one resolution per firing").hasSize(firing);
                assertThat(call(s.server(), "GET", "/api/v1/runs/" + id + "/output?host=db01", s.admin(), null).body())
                        .contains("pw=**** token=****");
            }
            assertThat(call(s.server(), "GET", "/api/v1/schedules", s.admin(), null).body()).doesNotContain(SECRETS);
            assertNotInStore();
        }
    }

    @Test
    void aWrongVaultPasswordEndsTheRunAsBadInputBeforeAnyHostIsContacted() throws Exception {
        try (Server s = start(new VaultKeys(List.of(VaultKeys.key("prod", "test",
                "wrong".getBytes(StandardCharsets.UTF_8)))))) {
            String id = json.readTree(call(s.server(), "POST", "/api/v1/plans/apply", s.admin(),
                    "{\"plan\": \"db.yaml\"}").body()).path("id").asText();
            JsonNode end = awaitEnd(s.server(), id, s.admin());
            assertThat(end.path("exitCode").asInt()).as(end.toString()).isEqualTo(2);
            assertThat(s.fleet().hosts().getFirst().counters().connectionsAccepted()).isZero();
            String audit = call(s.server(), "GET", "/api/v1/audit", s.admin(), null).body();
            assertThat(audit).contains("inventory.yaml:10:20: cannot decrypt db_password (vault id 'prod')");
            assertNotInStore();
        }
    }

    private void assertNotInStore() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(SECRETS);
            }
        }
    }
}
