package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers see the audit log and the schedules of their environments only; refused calls are
 * audited; GET /audit rejects a bad cursor; every response carries the browser security headers.
 */
class AuditScopeTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                c -> c.claimRuns(false).extension(new dev.muster.server.web.Dashboard()));
        admin = fx.token("root", "admin", "*");
        for (String s : new String[] {"{\"name\":\"web-nightly\",\"cron\":\"0 2 * * *\",\"selector\":\"@web\",\"command\":\"true\"}",
                "{\"name\":\"db-nightly\",\"cron\":\"0 2 * * *\",\"selector\":\"@db\",\"command\":\"true\"}"}) {
            assertThat(fx.call("POST", "/api/v1/schedules", admin, s).statusCode()).isEqualTo(201);
        }
        fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@web\",\"command\":\"true\"}");
        fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@db\",\"command\":\"true\",\"confirm\":true}");
        fx.call("POST", "/api/v1/users", admin, "{\"name\":\"eve\",\"password\":\"long enough\"}");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static List<JsonNode> audit(String token, String query) {
        HttpResponse<String> r = fx.call("GET", "/api/v1/audit" + query, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        fx.json(r).path("entries").forEach(out::add);
        return out;
    }

    @Test
    void aViewerOfOneEnvironmentReadsOnlyItsAuditEntries() {
        String staging = fx.token("stage-viewer", "viewer", "staging");
        List<JsonNode> seen = audit(staging, "?limit=200");
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.path("environments").toString())
                .isEqualTo("[\"staging\"]"));
        assertThat(seen).extracting(e -> e.path("targets").asText()).anySatisfy(t -> assertThat(t).contains("@web"))
                .noneSatisfy(t -> assertThat(t).contains("@db"))
                .noneSatisfy(t -> assertThat(t).contains("user eve"));
        List<JsonNode> all = audit(fx.token("all-viewer", "viewer", "*"), "?limit=200");
        assertThat(all).extracting(e -> e.path("targets").asText()).anySatisfy(t -> assertThat(t).contains("@db"))
                .anySatisfy(t -> assertThat(t).contains("user eve"));
    }

    @Test
    void auditPagesFollowTheCursorAndABadCursorIs400() {
        String staging = fx.token("stage-pager", "viewer", "staging");
        List<JsonNode> first = audit(staging, "?limit=1");
        assertThat(first).hasSize(1);
        JsonNode page = fx.json(fx.call("GET", "/api/v1/audit?limit=1", staging, null));
        long next = page.path("next").asLong();
        assertThat(next).isEqualTo(first.getFirst().path("id").asLong());
        List<JsonNode> second = audit(staging, "?limit=1&before=" + next);
        assertThat(second).allSatisfy(e -> assertThat(e.path("id").asLong()).isLessThan(next));
        HttpResponse<String> bad = fx.call("GET", "/api/v1/audit?before=abc", admin, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(fx.json(bad).path("message").asText()).contains("before must be");
    }

    @Test
    void aViewerOfOneEnvironmentListsOnlyItsSchedules() {
        String staging = fx.token("stage-lister", "viewer", "staging");
        JsonNode listed = fx.json(fx.call("GET", "/api/v1/schedules", staging, null)).path("schedules");
        assertThat(listed.findValuesAsText("name")).containsExactly("web-nightly");
        assertThat(fx.json(fx.call("GET", "/api/v1/schedules", admin, null)).path("schedules").findValuesAsText("name"))
                .containsExactlyInAnyOrder("web-nightly", "db-nightly");
    }

    @Test
    void aMutatingCallWithoutValidCredentialsIsAuditedAsDenied() {
        assertThat(fx.call("POST", "/api/v1/runs", "mst_0123456789abcdef_" + "A".repeat(43),
                "{\"selector\":\"@web\",\"command\":\"true\"}").statusCode()).isEqualTo(401);
        assertThat(fx.call("DELETE", "/api/v1/schedules/web-nightly", null, null).statusCode()).isEqualTo(401);
        assertThat(fx.store.audit().recent(2)).extracting(e -> e.actor() + " " + e.action() + " " + e.targets() + " "
                + e.result()).containsExactly("anonymous schedule.delete /api/v1/schedules/web-nightly denied",
                "anonymous run.start /api/v1/runs denied");
        long before = fx.store.audit().recent(1).getFirst().id();
        assertThat(fx.call("GET", "/api/v1/runs", null, null).statusCode()).isEqualTo(401);
        assertThat(fx.store.audit().recent(1).getFirst().id()).isEqualTo(before); // reads are not audited
    }

    @Test
    void aSessionCallWithoutItsCsrfTokenIsRefusedAndAudited() throws Exception {
        fx.store.users().setPassword("sam", "sam-password".toCharArray());
        fx.store.grants().grant("sam", "*", "operator");
        String cookie = fx.store.sessions().open("sam", Duration.ofHours(1)).cookie();
        HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/runs"))
                .header("Cookie", "muster_session=" + cookie).header(LoginRoutes.CSRF_HEADER, "not-the-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"selector\":\"@web\",\"command\":\"true\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(fx.store.audit().recent(1).getFirst()).satisfies(e -> {
            assertThat(e.actor()).isEqualTo("sam (session)");
            assertThat(e.action()).isEqualTo("run.start");
            assertThat(e.result()).isEqualTo("denied");
        });
    }

    @Test
    void everyResponseCarriesTheBrowserSecurityHeadersAndPagesRunOnlyTheirOwnScripts() throws Exception {
        String cookie = fx.store.sessions().open("root", Duration.ofHours(1)).cookie();
        fx.store.grants().grant("root", "*", "admin");
        for (String path : new String[] {"/login", "/api/v1/runs", "/runs", "/metrics", "/nothing-here"}) {
            HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + path))
                    .header("Cookie", "muster_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-eval").doesNotContainPattern("script-src[^;]*unsafe-inline");
            if (path.equals("/runs")) {
                Matcher nonce = Pattern.compile("script-src 'nonce-([^']+)'").matcher(csp);
                assertThat(nonce.find()).isTrue();
                assertThat(r.body()).contains("<script nonce=\"" + nonce.group(1) + "\">")
                        .doesNotContainPattern("<script>");
            }
        }
    }
}
