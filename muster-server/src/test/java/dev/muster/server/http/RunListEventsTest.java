package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/run-events} read by a real SSE client over HTTP, while the server's engine
 * executes runs on the in-process fleet (web01 in staging, db01 in prod): runs appear, change and
 * end on the stream; a staging viewer never receives anything of a prod run; the page's filters
 * apply; a reconnect resumes from Last-Event-ID, and an unknown one is told to resynchronise.
 */
@Timeout(120)
class RunListEventsTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    String admin;
    String stagingViewer;

    private SseStream open(String path, String token, String lastEventId) throws Exception {
        return new SseStream(fx.http, fx.server.url() + path, token, lastEventId);
    }

    private static SseStream.Event awaitRun(SseStream s, String runId, Predicate<JsonNode> state) {
        return s.readUntil(e -> "run".equals(e.event()) && e.json().path("id").asText().equals(runId)
                && state.test(e.json()));
    }

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                c -> c.extension(new dev.muster.server.web.Dashboard()));
        admin = fx.token("root", "admin", "*");
        stagingViewer = fx.token("sam", "viewer", "staging");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String startRun(String selector, String command) {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin, fx.json.createObjectNode()
                .put("selector", selector).put("command", command).put("confirm", true).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return fx.json(r).path("id").asText();
    }

    @Test
    void runsAppearChangeAndEndOnTheStreamAndAStagingViewerNeverReceivesAProdRun() throws Exception {
        try (SseStream all = open("/api/v1/run-events", admin, null);
             SseStream staging = open("/api/v1/run-events", stagingViewer, null);
             SseStream stagingOnly = open("/api/v1/run-events?env=staging", admin, null)) {
            for (SseStream s : List.of(all, staging, stagingOnly)) {
                assertThat(s.response.statusCode()).isEqualTo(200);
                s.readUntil(e -> "ready".equals(e.event()));
            }
            // a prod run that stays running until it is cancelled: the stream shows it active, then cancelled
            String prod = startRun("@db", "sleep 30");
            SseStream.Event running = awaitRun(all, prod, j -> j.path("status").asText().equals("running"));
            assertThat(running.id()).as("a change has a number to resume from").isNotBlank();
            assertThat(running.json().path("what").asText()).isEqualTo("sleep 30");
            assertThat(running.json().path("environment").asText()).isEqualTo("prod");
            String beforeCancel = running.id();
            assertThat(fx.call("POST", "/api/v1/runs/" + prod + "/cancel", admin, null).statusCode()).isEqualTo(202);
            SseStream.Event cancelled = awaitRun(all, prod, j -> j.path("verdict").asText().equals("cancelled"));

            // then a staging run: every prod event was published before its events, on every connection
            String web = startRun("@web", "echo staging");
            SseStream.Event ok = awaitRun(all, web, j -> j.path("verdict").asText().equals("ok"));
            assertThat(ok.json().path("counts").path("ok").asInt()).isEqualTo(1);
            assertThat(ok.json().path("exitCode").asInt()).isZero();
            awaitRun(staging, web, j -> j.path("verdict").asText().equals("ok"));
            awaitRun(stagingOnly, web, j -> j.path("verdict").asText().equals("ok"));
            assertThat(staging.events).as("a staging viewer's stream").isNotEmpty()
                    .noneMatch(e -> e.data().contains(prod) || e.data().contains("\"prod\""));
            assertThat(stagingOnly.events).as("?env=staging").noneMatch(e -> e.data().contains(prod));

            // reconnecting with the number of the running event: only what came after, in order
            try (SseStream again = open("/api/v1/run-events", admin, beforeCancel)) {
                SseStream.Event ready = again.readUntil(e -> "ready".equals(e.event()));
                assertThat(again.events).noneMatch(e -> "resync".equals(e.event()));
                List<SseStream.Event> replayed = again.events.stream().filter(e -> "run".equals(e.event())).toList();
                assertThat(replayed).isNotEmpty().allSatisfy(e -> assertThat(number(e.id()))
                        .isGreaterThan(number(beforeCancel)));
                assertThat(replayed).anySatisfy(e -> assertThat(e.id()).isEqualTo(cancelled.id()));
                assertThat(replayed).anySatisfy(e -> assertThat(e.id()).isEqualTo(ok.id()));
                assertThat(ready.id()).isNull();
            }
            // a staging viewer resuming from a prod event's number still gets nothing of prod
            try (SseStream again = open("/api/v1/run-events", stagingViewer, beforeCancel)) {
                again.readUntil(e -> "ready".equals(e.event()));
                assertThat(again.events).noneMatch(e -> e.data().contains(prod));
                assertThat(again.events).anySatisfy(e -> assertThat(e.data()).contains(web));
            }
        }
        // a number this server never gave (another server, or before a restart): told to resynchronise
        try (SseStream stale = open("/api/v1/run-events", admin, "zz-7")) {
            stale.readUntil(e -> "ready".equals(e.event()));
            assertThat(stale.events).anySatisfy(e -> assertThat(e.event()).isEqualTo("resync"));
        }
    }

    @Test
    void aBadFilterIsA400AndAnUnknownCallerA401() throws Exception {
        HttpResponse<String> bad = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url()
                        + "/api/v1/run-events?from=yesterday")).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + admin).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("from must be a time");
        HttpResponse<String> nobody = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url()
                        + "/api/v1/run-events")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nobody.statusCode()).isEqualTo(401);
    }

    @Test
    void pagesAndJsonAnswersSayHowLongTheServerTookToBuildThem() throws Exception {
        fx.store.grants().grant("ana", "*", "admin");
        String cookie = fx.store.sessions().open("ana", Duration.ofHours(1)).cookie();
        for (String path : List.of("/", "/runs", "/audit")) {
            HttpResponse<String> page = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + path))
                    .header("Cookie", "muster_session=" + cookie).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Server-Timing")).as(path).hasValueSatisfying(v ->
                    assertThat(v).matches("app;dur=\\d+\\.\\d"));
        }
        assertThat(fx.call("GET", "/api/v1/runs", admin, null).headers().firstValue("Server-Timing"))
                .hasValueSatisfying(v -> assertThat(v).matches("app;dur=\\d+\\.\\d"));
    }

    private static long number(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
