package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.muster.server.inspect.WebhookAlerts;
import dev.muster.server.schedule.Firing;
import dev.muster.server.store.Database;
import dev.muster.server.testing.ManualClock;
import dev.muster.testkit.CommandMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspections in the server over real HTTP, on hosts that really run the check scripts (SHELL
 * mode): a schedule fires one with a manual clock, the run and report are stored, the webhook on
 * loopback gets the alert with the report's link; the reports API serves JSON and HTML.
 */
@Timeout(120)
class InspectionApiTest {
    static final String NIGHTLY = """
            kind: inspection
            name: nightly
            targets: all
            checks:
              - health: {cmd: "test -f ready"}
            """;

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock("2026-11-27T01:59:30Z");
    final BlockingQueue<String> alerts = new LinkedBlockingQueue<>();
    HttpServer webhook;
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            alerts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        webhook.start();
        URI hook = URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock,
                c -> c.upkeep(false).baseUrl("http://muster.test")
                        .webhook(WebhookAlerts.of(hook, dev.muster.core.Redactor.none())),
                HttpClient.newHttpClient(), Duration.ofMillis(100), b -> b.commandMode(CommandMode.SHELL));
        Files.createDirectories(fx.plans.resolve("inspections"));
        Files.writeString(fx.plans.resolve("inspections/nightly.yaml"), NIGHTLY);
        Files.writeString(fx.fleet.hosts().get(0).dir().resolve("ready"), ""); // web01 ready, db01 not
        admin = fx.token("root", "admin", "*");
    }

    @AfterEach
    void stop() {
        fx.close();
        webhook.stop(0);
    }

    @Test
    void aScheduledInspectionStoresItsRunAndReportAndAlertsTheWebhook() throws Exception {
        HttpResponse<String> saved = fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"nightly\","
                + "\"cron\":\"0 2 * * *\",\"inspection\":\"inspections/nightly.yaml\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);

        clock.set("2026-11-27T02:00:05Z");
        List<Firing> fired = fx.server.scheduler().tick();
        assertThat(fired).singleElement().satisfies(f -> assertThat(f.outcome()).isEqualTo(Firing.Outcome.DISPATCHED));
        JsonNode run = fx.awaitEnd(fired.getFirst().runId(), admin);
        assertThat(run.path("kind").asText()).isEqualTo("inspection");
        assertThat(run.path("exitCode").asInt()).as("db01 is not ready").isEqualTo(1);
        JsonNode hosts = fx.json(fx.call("GET", "/api/v1/runs/" + run.path("id").asText() + "/hosts", admin, null));
        assertThat(hosts.path("hosts")).extracting(h -> h.path("host").asText() + " " + h.path("status").asText())
                .containsExactlyInAnyOrder("web01 ok", "db01 failed");
        assertThat(hosts.path("hosts")).anySatisfy(h -> assertThat(h.path("message").asText())
                .isEqualTo("checks failing: health cmd test -f ready"));

        JsonNode reports = fx.json(fx.call("GET", "/api/v1/reports?inspection=nightly", admin, null)).path("reports");
        assertThat(reports).hasSize(1);
        String id = reports.get(0).path("id").asText();
        assertThat(reports.get(0).path("failed").asInt()).isEqualTo(1);

        String alert = alerts.poll(30, TimeUnit.SECONDS);
        assertThat(alert).isNotNull().contains("\"report_url\":\"http://muster.test/reports/" + id + "\"")
                .contains("\"host\":\"db01\"");
        assertThat(fx.store.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("inspection.report");
            assertThat(e.detail()).contains("report " + id).contains("alert sent");
        });
    }

    @Test
    void reportsAreServedAsJsonAndAsAnHtmlDownload() throws Exception {
        String id = runNow(admin);
        HttpResponse<String> json = fx.call("GET", "/api/v1/reports/" + id, admin, null);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(fx.json(json).path("schema").asText()).isEqualTo("muster.report/1");
        assertThat(fx.json(json).path("inspection").asText()).isEqualTo("nightly");

        HttpResponse<String> html = fx.call("GET", "/api/v1/reports/" + id + ".html", admin, null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"report-" + id + ".html\"");
        assertThat(html.body()).contains("<html").contains("db01");
        assertThat(fx.call("GET", "/api/v1/reports/nope", admin, null).statusCode()).isEqualTo(404);

        java.util.Map<String, JsonNode> hosts = new java.util.HashMap<>();
        fx.json(fx.call("GET", "/api/v1/hosts", admin, null)).path("hosts")
                .forEach(h -> hosts.put(h.path("name").asText(), h.path("status").path("inspection")));
        assertThat(hosts.get("db01").path("status").asText()).isEqualTo("fail");
        assertThat(hosts.get("web01").path("status").asText()).isEqualTo("pass");
        assertThat(hosts.get("web01").path("report").asText()).isEqualTo(id);
    }

    @Test
    void aViewerOfStagingCannotReadAReportCoveringProd() throws Exception {
        String id = runNow(admin);
        String viewer = fx.token("stage-viewer", "viewer", "staging");
        assertThat(fx.call("GET", "/api/v1/reports/" + id, viewer, null).statusCode()).isEqualTo(403);
        assertThat(fx.call("GET", "/api/v1/reports", viewer, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anInspectionFileThatDoesNotParseIsRefusedWithItsPosition() throws IOException {
        Files.writeString(fx.plans.resolve("inspections/broken.yaml"), "name: broken\ntargets: all\nchecks:\n"
                + "  - {metric: disk_used_percent, fail: lots}\n");
        HttpResponse<String> r = fx.call("POST", "/api/v1/schedules", admin, "{\"name\":\"broken\","
                + "\"cron\":\"0 2 * * *\",\"inspection\":\"inspections/broken.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(fx.json(r).path("message").asText()).contains("broken.yaml:4:");
        assertThat(fx.store.schedules().list()).isEmpty();
        HttpResponse<String> now = fx.call("POST", "/api/v1/inspections/run", admin,
                "{\"inspection\":\"inspections/broken.yaml\"}");
        assertThat(now.statusCode()).isEqualTo(400);
        assertThat(fx.call("POST", "/api/v1/inspections/run", admin, "{\"inspection\":\"../outside.yaml\"}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void inspectionsStartedOverTheApiAreAudited() throws Exception {
        runNow(admin);
        assertThat(fx.store.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("inspection.run");
            assertThat(e.actor()).isEqualTo("root (token)");
            assertThat(e.targets()).startsWith("inspection inspections/nightly.yaml run ");
            assertThat(e.result()).isEqualTo("ok");
        });
    }

    /** Runs the nightly inspection over the API; returns its report's id. */
    private String runNow(String token) throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/inspections/run", token,
                "{\"inspection\":\"inspections/nightly.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        fx.awaitEnd(fx.json(r).path("id").asText(), token);
        return fx.json(fx.call("GET", "/api/v1/reports", token, null)).path("reports").get(0).path("id").asText();
    }
}
