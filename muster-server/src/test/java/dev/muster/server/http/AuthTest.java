package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, the login page with its CSRF checks, sessions calling the API, /metrics and the OpenAPI document. */
class AuthTest {
    private static final Pattern CSRF = Pattern.compile("name=_csrf value=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    static ServerFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c.claimRuns(false));
        fx.store.users().setPassword("alice", "correct horse".toCharArray());
        fx.store.grants().grant("alice", "staging", "operator");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void everyApiRouteNeedsAValidToken() {
        for (Api.Route r : fx.server.routes()) {
            String path = "/api/v1" + r.path().replace("{id}", "x").replace("{name}", "x");
            HttpResponse<String> none = fx.call(r.method().toUpperCase(), path, null, null);
            assertThat(none.statusCode()).as(r.toString()).isEqualTo(401);
            assertThat(fx.json(none).path("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(fx.call("GET", "/api/v1/runs", "mst_0123456789abcdef_" + "A".repeat(43), null).statusCode())
                .isEqualTo(401);
        assertThat(fx.call("GET", "/api/v1/runs", "garbage", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownApiRouteIsAJsonNotFound() {
        HttpResponse<String> r = fx.call("GET", "/api/v1/nothing-here", fx.token("r404", "viewer", "*"), null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(fx.json(r).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRegisteredRoute() throws Exception {
        String token = fx.token("reader", "viewer", "*");
        JsonNode paths = fx.json(fx.call("GET", "/api/v1/openapi.json", token, null)).path("paths");
        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m + " " + p.getKey()));
        }
        Set<String> registered = new HashSet<>();
        fx.server.routes().forEach(r -> registered.add(r.method() + " " + r.path()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void repeatedFailedLoginsForOneUserAreThrottledWithoutLockingOthersOut() throws Exception {
        fx.store.users().setPassword("mallory", "right one".toCharArray());
        HttpResponse<String> form = get("/login", null);
        String loginCookie = cookie(form, "muster_login");
        String csrf = csrf(form.body());
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(post("/login", loginCookie, "user=mallory&password=guess" + i + "&_csrf=" + csrf).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = post("/login", loginCookie, "user=mallory&password=right+one&_csrf=" + csrf);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(throttled.body()).contains("Too many failed logins");
        assertThat(fx.store.audit().recent(5)).anySatisfy(e -> assertThat(e.result()).isEqualTo("throttled"));
        // another user from the same address still logs in
        assertThat(post("/login", loginCookie, "user=alice&password=correct+horse&_csrf=" + csrf).statusCode())
                .isEqualTo(302);
        // and mallory herself, from her own address: guesses from elsewhere do not lock her out
        HttpClient elsewhere = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        HttpResponse<String> fromHome = elsewhere.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/login"))
                .header("Cookie", loginCookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=mallory&password=right+one&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromHome.statusCode()).as(fromHome.body()).isEqualTo(302);
    }

    @Test
    void aFailedLoginCostsOneKeyDerivationWhetherTheUserExistsOrNot() throws Exception {
        HttpResponse<String> form = get("/login", null);
        String loginCookie = cookie(form, "muster_login");
        String csrf = csrf(form.body());
        long before = fx.store.users().derivations();
        HttpResponse<String> real = post("/login", loginCookie, "user=alice&password=not+hers&_csrf=" + csrf);
        long afterReal = fx.store.users().derivations();
        HttpResponse<String> unknown = post("/login", loginCookie, "user=nobody-by-that-name&password=not+hers&_csrf="
                + csrf);
        assertThat(real.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(real.body());
        assertThat(afterReal - before).isEqualTo(1);
        assertThat(fx.store.users().derivations() - afterReal).as("an unknown user costs the same work").isEqualTo(1);
    }

    @Test
    void aUserNameTheLoginFormWouldNeverCheckIsRefused() throws Exception {
        String admin = fx.token("user-admin", "admin", "*");
        // the login form checks names of at most 200 characters without control characters
        for (String name : new String[] {"u".repeat(201), "bell\u0007user", "new\nline"}) {
            HttpResponse<String> r = fx.call("POST", "/api/v1/users", admin, "{\"name\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(name) + ",\"password\":\"long enough\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(fx.json(r).path("message").asText()).contains("\"name\" must be at most");
        }
        assertThat(fx.call("POST", "/api/v1/users", admin, "{\"name\":\"" + "u".repeat(100)
                + "\",\"password\":\"long enough\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void loginNeedsItsCsrfTokenAndGivesAStrictHttpOnlyCookie() throws Exception {
        HttpResponse<String> form = get("/login", null);
        String loginCookie = cookie(form, "muster_login");
        String csrf = csrf(form.body());
        assertThat(post("/login", loginCookie, "user=alice&password=correct+horse").statusCode()).isEqualTo(403);
        assertThat(post("/login", loginCookie, "user=alice&password=wrong&_csrf=" + csrf).statusCode()).isEqualTo(401);

        HttpResponse<String> in = post("/login", loginCookie, "user=alice&password=correct+horse&_csrf=" + csrf);
        assertThat(in.statusCode()).isEqualTo(302);
        String setCookie = in.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("muster_session="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
        String session = cookie(in, "muster_session");

        // The session reads the API; writes need the session's CSRF token in a header.
        assertThat(get("/api/v1/runs", session).statusCode()).isEqualTo(200);
        String sessionCsrf = csrf(get("/", session).body());
        String body = "{\"selector\":\"@web\",\"command\":\"true\"}";
        assertThat(apiPost(session, null, body).statusCode()).isEqualTo(403);
        assertThat(apiPost(session, sessionCsrf, body).statusCode()).isEqualTo(202);

        assertThat(post("/logout", session, "").statusCode()).isEqualTo(403);
        assertThat(post("/logout", session, "_csrf=" + sessionCsrf).statusCode()).isEqualTo(302);
        assertThat(get("/api/v1/runs", session).statusCode()).isEqualTo(401);
        assertThat(fx.store.audit().recent(20)).extracting(e -> e.action() + " " + e.result())
                .contains("session.login ok", "session.login denied", "session.logout ok");
    }

    @Test
    void metricsAreOpenOnLoopbackAndInPrometheusText() {
        HttpResponse<String> r = fx.call("GET", "/metrics", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("muster_runs{status=\"queued\"}").contains("muster_queue_depth")
                .contains("muster_pool_sessions").contains("muster_scheduler_lag_seconds");
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "="))
                .map(v -> v.substring(0, v.indexOf(';'))).findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> apiPost(String cookie, String csrf, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/runs"))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            b.header(LoginRoutes.CSRF_HEADER, csrf);
        }
        return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
