package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import dev.muster.server.store.Sessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan with groups applied through {@code muster serve}: each group runs as its own rollout, a
 * group whose window is closed waits for it by itself, and the groups with their states are in the
 * run's API detail and on the dashboard's run page.
 */
@Timeout(60)
class GroupRunServerTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                c -> c.extension(new dev.muster.server.web.Dashboard()), HttpClient.newHttpClient(), Duration.ofMillis(100));
        admin = fx.token("root", "admin", "*");
        // the window opens on 1 January at midnight UTC for a minute: closed whenever this test runs but then
        Files.writeString(fx.plans.resolve("grouped.yaml"), """
                name: grouped
                windows:
                  new-year: {zone: UTC, every: "0 0 1 1 *", duration: 1m}
                groups:
                  web: {targets: "@web", strategy: {kind: rolling, batch: 1}}
                  db: {targets: "@db", window: new-year, after: [web]}
                steps:
                  - run: echo deployed
                """);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private JsonNode group(JsonNode run, String name) {
        for (JsonNode g : run.path("groups")) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void aGroupWaitsForItsWindowByItselfShowsInTheApiAndOnTheRunPageAndACancelEndsTheWait() throws Exception {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"grouped.yaml\",\"confirm\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        JsonNode run = null;
        for (int i = 0; i < 800; i++) {
            run = fx.json(fx.call("GET", "/api/v1/runs/" + id, admin, null));
            if (group(run, "db").path("state").asText().startsWith("waiting for window new-year until")) {
                break;
            }
            Thread.sleep(25);
        }
        assertThat(group(run, "db").path("state").asText()).as(String.valueOf(run))
                .startsWith("waiting for window new-year until ").contains("-01-01 00:00 UTC");
        assertThat(run.path("status").asText()).isEqualTo("running");
        JsonNode web = group(run, "web");
        assertThat(web.path("state").asText()).isEqualTo("done");
        assertThat(web.path("strategy").asText()).isEqualTo("rolling");
        assertThat(web.path("hosts").asText()).isEqualTo("web01");
        JsonNode db = group(run, "db");
        assertThat(db.path("window").asText()).isEqualTo("new-year");
        assertThat(db.path("after").path(0).asText()).isEqualTo("web");
        assertThat(db.path("strategy").asText()).isEqualTo("all");
        // web deployed; db01 not contacted while its window is closed
        assertThat(fx.store.runs().outcomes(id)).extracting(o -> o.host()).containsExactly("web01");

        fx.store.grants().grant("ana", "*", "admin");
        Sessions.Opened session = fx.store.sessions().open("ana", Duration.ofHours(1));
        HttpResponse<String> page = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/runs/" + id))
                .header("Cookie", "muster_session=" + session.cookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<table id=groups>")
                .contains("<tr data-group=\"web\"><td>web</td><td>web01</td><td>rolling</td><td></td><td></td>"
                        + "<td class=group-state>done</td></tr>")
                .contains("<tr data-group=\"db\"><td>db</td><td>db01</td><td>all</td><td>new-year</td><td>web</td>"
                        + "<td class=group-state>waiting for window new-year until ");

        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/cancel", admin, null).statusCode()).isEqualTo(202);
        JsonNode ended = fx.awaitEnd(id, admin);
        assertThat(ended.path("status").asText()).isEqualTo("cancelled");
        assertThat(group(ended, "db").path("state").asText()).isEqualTo("interrupted");
        assertThat(fx.store.runs().outcomes(id)).filteredOn(o -> o.success()).extracting(o -> o.host())
                .containsExactly("web01");
    }

    private JsonNode awaitWaiting(String id) throws InterruptedException {
        JsonNode run = null;
        for (int i = 0; i < 800; i++) {
            run = fx.json(fx.call("GET", "/api/v1/runs/" + id, admin, null));
            if (group(run, "db").path("state").asText().startsWith("waiting for window new-year until")) {
                return run;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("db never waited for its window: " + run);
    }

    @Test
    void overridingAClosedWindowTakesASecondPersonAndThenTheWaitingGroupRuns() throws Exception {
        String ana = fx.token("ana", "operator", "*");
        String bob = fx.token("bob", "operator", "*");
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", ana, "{\"plan\":\"grouped.yaml\",\"confirm\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        awaitWaiting(id);
        String path = "/api/v1/runs/" + id + "/window-override";

        HttpResponse<String> noReason = fx.call("POST", path, ana, "{\"window\":\"new-year\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("expected \\\"reason\\\"");
        HttpResponse<String> unknown = fx.call("POST", path, ana, "{\"window\":\"new-yaer\",\"reason\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no window named 'new-yaer'; did you mean new-year?");
        HttpResponse<String> early = fx.call("POST", path + "/approve", bob, "{\"window\":\"new-year\"}");
        assertThat(early.statusCode()).as("nothing asked yet").isEqualTo(409);

        HttpResponse<String> asked = fx.call("POST", path, ana, "{\"window\":\"new-year\",\"reason\":\"CVE hotfix\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        HttpResponse<String> self = fx.call("POST", path + "/approve", ana, "{\"window\":\"new-year\"}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.body()).contains("needs a second person: ana asked for it and cannot approve it");
        Thread.sleep(300);
        assertThat(group(fx.json(fx.call("GET", "/api/v1/runs/" + id, admin, null)), "db").path("state").asText())
                .as("asked, not approved: the window still holds").startsWith("waiting for window new-year");

        HttpResponse<String> approved = fx.call("POST", path + "/approve", bob, "{\"window\":\"new-year\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode done = fx.awaitEnd(id, admin);
        assertThat(done.path("exitCode").asInt()).as(done.toString()).isZero();
        assertThat(group(done, "db").path("state").asText()).isEqualTo("done");
        JsonNode o = done.path("windowOverrides").path(0);
        assertThat(o.path("group").asText()).isEqualTo("db");
        assertThat(o.path("window").asText()).isEqualTo("new-year");
        assertThat(o.path("unit").asText()).isEqualTo("batch 1/1");
        assertThat(o.path("reason").asText()).isEqualTo("CVE hotfix");
        assertThat(o.path("requested_by").asText()).isEqualTo("ana");
        assertThat(o.path("approved_by").asText()).isEqualTo("bob");
        assertThat(fx.store.runs().outcomes(id)).filteredOn(x -> x.success()).extracting(x -> x.host())
                .containsExactlyInAnyOrder("web01", "db01");
        assertThat(fx.store.audit().recent(50)).extracting(e -> e.action() + " " + e.result() + " " + e.actor())
                .contains("run.window-override ok ana (token)", "run.window-override.approve denied ana (token)",
                        "run.window-override.approve ok bob (token)");
    }
}
