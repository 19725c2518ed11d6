package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.schedule.Firing;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.Store;
import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.StoreDump;
import dev.muster.testkit.CommandMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret value typed into a command, a schedule or a plan variable still reaches the hosts, but
 * is stored only as a reference to the inventory variable that holds it, is shown masked by the
 * API and the dashboard, and is masked in the audit log.
 */
class SecretsInStoreTest {
    private static final String SECRET = ServerFixture.SECRET;
    /** True on the host only when the sealed secret was resolved back to its value before running. */
    private static final String CHECK = "[ \"" + SECRET + "\" = \"$(printf 's3cr3t-hunter2-%s' value)\" ] && echo resolved";

    @TempDir
    static Path dir;
    static ManualClock clock;
    static ServerFixture fx;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock,
                c -> c.extension(new dev.muster.server.web.Dashboard()), HttpClient.newHttpClient(),
                Duration.ofMillis(50), b -> b.commandMode(CommandMode.SHELL));
        admin = fx.token("root", "admin", "*");
        viewer = fx.token("watcher", "viewer", "*");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String json(String text) {
        try {
            return fx.json.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertStoreHoldsNoSecret() {
        assertThat(StoreDump.dump(fx.store.database())).doesNotContain(SECRET);
    }

    @Test
    void aSecretInAScheduleIsStoredSealedShownMaskedAndStillRuns() throws Exception {
        HttpResponse<String> saved = fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"sealed\",\"cron\":\"* * * * *\","
                + "\"selector\":\"@web\",\"command\":" + json(CHECK) + "}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(saved.body()).doesNotContain(SECRET).contains("****");
        String listed = fx.call("GET", "/api/v1/schedules", viewer, null).body();
        assertThat(listed).doesNotContain(SECRET).contains("[ \\\"****\\\" = ");
        assertThat(page("/schedules")).doesNotContain(SECRET).contains("****");
        assertStoreHoldsNoSecret();

        clock.advance(Duration.ofMinutes(1));
        Firing fired = fx.server.scheduler().tick().stream().filter(f -> f.schedule().equals("sealed")).findFirst()
                .orElseThrow();
        fx.server.context().engine().orElseThrow().wake();
        JsonNode run = fx.awaitEnd(fired.runId(), admin);
        assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();
        assertThat(fx.call("GET", "/api/v1/runs/" + fired.runId() + "/output?host=web01", admin, null).body())
                .isEqualTo("resolved\n");
        assertThat(run.toString() + fx.call("GET", "/api/v1/runs", viewer, null).body()).doesNotContain(SECRET);
        assertThat(page("/runs") + page("/runs/" + fired.runId())).doesNotContain(SECRET);
        assertStoreHoldsNoSecret();
        fx.store.schedules().delete("sealed");
    }

    @Test
    void aSecretInARunsCommandIsStoredSealedAndStillRuns() throws Exception {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@web\",\"command\":"
                + json(CHECK) + "}");
        String id = fx.json(r).path("id").asText();
        JsonNode run = fx.awaitEnd(id, admin);
        assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();
        assertThat(fx.call("GET", "/api/v1/runs/" + id + "/output?host=web01", admin, null).body()).isEqualTo("resolved\n");
        assertStoreHoldsNoSecret();
    }

    @Test
    void aSecretPlanVariableIsStoredSealed() throws Exception {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"staging.yaml\",\"vars\":"
                + "{\"token\":" + json("x-" + SECRET) + "}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        fx.awaitEnd(fx.json(r).path("id").asText(), admin);
        assertStoreHoldsNoSecret();
    }

    @Test
    void theAuditLogMasksSecretsWhereverACallerTypedThem() throws Exception {
        assertThat(fx.call("POST", "/api/v1/runs", admin, "{\"selector\":" + json(SECRET) + ",\"command\":\"true\"}")
                .statusCode()).isEqualTo(400);
        assertThat(fx.call("POST", "/api/v1/schedules", admin, "{\"name\":" + json(SECRET) + ",\"cron\":\"* * * * *\","
                + "\"selector\":\"@web\",\"command\":\"true\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> form = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().allValues("Set-Cookie").getFirst().split(";")[0];
        String csrf = form.body().replaceAll("(?s).*name=_csrf value=\"([^\"]+)\".*", "$1");
        fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/login")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + SECRET + "&password=" + SECRET + "&_csrf=" + csrf))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fx.store.audit().recent(10)).extracting(Object::toString).anySatisfy(e -> assertThat(e).contains("****"))
                .allSatisfy(e -> assertThat(e).doesNotContain(SECRET));
        assertThat(fx.call("GET", "/api/v1/audit", admin, null).body()).doesNotContain(SECRET);
        assertStoreHoldsNoSecret();
    }

    @Test
    void aForgedSecretReferenceIsRefused() {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin,
                "{\"selector\":\"@web\",\"command\":\"echo \\u001esecret:api_key\\u001dweb01\\u001f\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(fx.json(r).path("message").asText()).contains("U+001E");
    }

    @Test
    void secretsAnOlderMusterStoredRawAreSealedWhenTheServerStarts() throws Exception {
        Path other = dir.resolve("older");
        Database db = Database.sqlite(other.resolve("data"));
        Store old = Store.open(db, clock);
        old.schedules().save(Schedule.of("raw", "0 2 * * *", null, Map.of("selector", "@web", "command",
                "echo " + SECRET), dev.muster.server.schedule.MisfirePolicy.RUN_ONCE,
                dev.muster.server.schedule.OverlapPolicy.FORBID));
        old.runs().enqueue(new RunRequest("run", "@web", "echo " + SECRET, Map.of("selector", "@web", "command",
                "echo " + SECRET), "staging", "old", null));
        assertThat(StoreDump.dump(db)).contains(SECRET);
        try (ServerFixture restarted = new ServerFixture(other, db, null, c -> c.claimRuns(false))) {
            assertThat(StoreDump.dump(db)).doesNotContain(SECRET);
            Schedule s = restarted.store.schedules().get("raw").orElseThrow();
            assertThat(restarted.server.context().secrets().resolve(s.target().get("command").toString()))
                    .isEqualTo("echo " + SECRET);
            assertThat(restarted.store.runs().list(10)).extracting(r -> r.record().command()).containsExactly("echo ****");
        }
    }

    /** A dashboard page as a logged-in viewer of every environment. */
    private static String page(String path) throws Exception {
        fx.store.users().setPassword("reader", "reader-password".toCharArray());
        fx.store.grants().grant("reader", "*", "viewer");
        String cookie = fx.store.sessions().open("reader", Duration.ofHours(1)).cookie();
        HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + path))
                .header("Cookie", "muster_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
