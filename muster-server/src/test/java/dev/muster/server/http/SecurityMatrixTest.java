package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.server.inspect.Changes;
import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.Summary;
import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.Sessions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint the server answers (API and dashboard pages, read from its route table) × every
 * role × a grant in the target's environment (prod), in another only (staging), or in all ('*') ×
 * a bearer token or a dashboard session: the status each must get, and for lists whether the
 * target's item is shown. An endpoint without an entry in {@link #SPECS} fails
 * {@link #everyEndpointIsInTheMatrix}: a new route cannot be added untested.
 */
class SecurityMatrixTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final String REPORT = "20261127T020000Z-000001";
    static String finishedRun;

    /** Who may call an endpoint. */
    enum Access {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Any valid token or session, whatever its roles. */
        SIGNED_IN,
        /** The role somewhere (lists, filtered to what the caller may see). */
        ANYWHERE,
        /** The role in the target's environment (or in '*'). */
        TARGET,
        /** The role in '*'. */
        EVERYWHERE
    }

    enum Grant {
        OWN("prod"), OTHER("staging"), ALL("*");

        final String environment;

        Grant(String environment) {
            this.environment = environment;
        }
    }

    /** Who calls: a bearer token, or a session cookie with its CSRF token. */
    record Caller(String token, String cookie, String csrf) {
    }

    /** A response, and for lists the text that shows the target's item (null for other routes). */
    record Result(HttpResponse<String> response, String marker) {
    }

    /**
     * What an endpoint needs and answers.
     *
     * @param access who may call it
     * @param role   the least role, for ANYWHERE, TARGET and EVERYWHERE
     * @param ok     the status when allowed
     * @param call   one call as a caller (preparing what it acts on: a run to cancel, a token to revoke)
     */
    record Spec(Access access, String role, int ok, Function<Caller, Result> call) {
    }

    static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static void spec(String endpoint, Access access, String role, int ok, Function<Caller, Result> call) {
        SPECS.put(endpoint, new Spec(access, role, ok, call));
    }

    static {
        // the API
        spec("GET /api/v1/openapi.json", Access.SIGNED_IN, null, 200, c -> plain(api(c, "GET", "/openapi.json", null)));
        spec("GET /api/v1/hosts", Access.ANYWHERE, "viewer", 200, c -> new Result(api(c, "GET", "/hosts", null), "db01"));
        spec("GET /api/v1/hosts/{name}/metrics", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET",
                "/hosts/db01/metrics", null)));
        spec("GET /api/v1/runs", Access.ANYWHERE, "viewer", 200, c -> {
            String id = prodRun();
            return new Result(api(c, "GET", "/runs", null), id);
        });
        spec("POST /api/v1/runs", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs",
                "{\"selector\":\"@db\",\"command\":\"true\",\"confirm\":true}")));
        spec("GET /api/v1/runs/{id}", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET", "/runs/" + finishedRun, null)));
        spec("GET /api/v1/runs/{id}/hosts", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET", "/runs/"
                + finishedRun + "/hosts", null)));
        spec("GET /api/v1/runs/{id}/output", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET", "/runs/"
                + finishedRun + "/output?host=db01", null)));
        spec("GET /api/v1/runs/{id}/events", Access.TARGET, "viewer", 200, c -> plain(send(c, "GET", "/api/v1/runs/"
                + finishedRun + "/events", null, null, "text/event-stream")));
        // the runs list's live changes: a prod run queued just before is in the stream's snapshot for
        // those who view prod, and not even its id reaches the others
        spec("GET /api/v1/run-events", Access.ANYWHERE, "viewer", 200, c -> {
            String id = prodRun();
            return new Result(events(c, "/api/v1/run-events"), id);
        });
        spec("POST /api/v1/runs/{id}/cancel", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + prodRun() + "/cancel", null)));
        spec("POST /api/v1/runs/{id}/approve", Access.TARGET, "operator", 200, c -> plain(api(c, "POST", "/runs/"
                + waitingRun() + "/approve", null)));
        spec("POST /api/v1/runs/{id}/deny", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + waitingRun() + "/deny", "{\"note\":\"not now\"}")));
        spec("POST /api/v1/runs/{id}/window-override", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + windowedRun() + "/window-override", "{\"window\":\"never\",\"reason\":\"hotfix\"}")));
        spec("POST /api/v1/runs/{id}/window-override/approve", Access.TARGET, "operator", 200, c -> plain(api(c, "POST",
                "/runs/" + overrideAsked() + "/window-override/approve", "{\"window\":\"never\"}")));
        spec("POST /api/v1/runs/{id}/resume", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + interruptedPlanRun() + "/resume", null)));
        spec("POST /api/v1/runs/{id}/rerun", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + finishedRun + "/rerun", "{\"confirm\":true}")));
        spec("POST /api/v1/runs/{id}/rerun-failed", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/runs/"
                + failedRun() + "/rerun-failed", "{\"confirm\":true}")));
        spec("POST /api/v1/plans/apply", Access.TARGET, "operator", 202, c -> plain(api(c, "POST", "/plans/apply",
                "{\"plan\":\"prod.yaml\",\"confirm\":true}")));
        spec("POST /api/v1/inspections/run", Access.TARGET, "operator", 202, c -> plain(api(c, "POST",
                "/inspections/run", "{\"inspection\":\"prod-check.yaml\"}")));
        spec("GET /api/v1/reports", Access.ANYWHERE, "viewer", 200, c -> new Result(api(c, "GET", "/reports", null),
                REPORT));
        spec("GET /api/v1/reports/{id}", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET", "/reports/" + REPORT,
                null)));
        spec("GET /api/v1/reports/{id}.html", Access.TARGET, "viewer", 200, c -> plain(api(c, "GET", "/reports/"
                + REPORT + ".html", null)));
        spec("GET /api/v1/schedules", Access.ANYWHERE, "viewer", 200, c -> new Result(api(c, "GET", "/schedules",
                null), "prod-nightly"));
        spec("GET /api/v1/dead-letters", Access.ANYWHERE, "viewer", 200, c -> {
            String id = prodLetter();
            return new Result(api(c, "GET", "/dead-letters", null), id);
        });
        spec("POST /api/v1/dead-letters/{id}/requeue", Access.TARGET, "operator", 202, c -> plain(api(c, "POST",
                "/dead-letters/" + prodLetter() + "/requeue", "{\"confirm\":true}")));
        spec("POST /api/v1/dead-letters/{id}/discard", Access.TARGET, "operator", 200, c -> plain(api(c, "POST",
                "/dead-letters/" + prodLetter() + "/discard", null)));
        spec("POST /api/v1/schedules", Access.TARGET, "admin", 201, c -> plain(api(c, "POST", "/schedules",
                "{\"name\":\"s" + SEQ.incrementAndGet() + "\",\"cron\":\"0 2 * * *\",\"selector\":\"@db\","
                        + "\"command\":\"true\"}")));
        spec("DELETE /api/v1/schedules/{name}", Access.TARGET, "admin", 204, c -> plain(api(c, "DELETE",
                "/schedules/" + prodSchedule(), null)));
        spec("GET /api/v1/tokens", Access.ANYWHERE, "admin", 200, c -> new Result(api(c, "GET", "/tokens", null),
                "prod-token-marker"));
        spec("POST /api/v1/tokens", Access.TARGET, "admin", 201, c -> plain(api(c, "POST", "/tokens",
                "{\"name\":\"t" + SEQ.incrementAndGet() + "\",\"role\":\"viewer\",\"environment\":\"prod\"}")));
        spec("DELETE /api/v1/tokens/{id}", Access.TARGET, "admin", 204, c -> plain(api(c, "DELETE", "/tokens/"
                + prodToken(), null)));
        spec("POST /api/v1/users", Access.EVERYWHERE, "admin", 201, c -> plain(api(c, "POST", "/users",
                "{\"name\":\"u" + SEQ.incrementAndGet() + "\",\"password\":\"long enough\"}")));
        spec("GET /api/v1/grants", Access.EVERYWHERE, "admin", 200, c -> plain(api(c, "GET", "/grants", null)));
        spec("POST /api/v1/grants", Access.EVERYWHERE, "admin", 201, c -> plain(api(c, "POST", "/grants",
                "{\"subject\":\"g" + SEQ.incrementAndGet() + "\",\"environment\":\"prod\",\"role\":\"viewer\"}")));
        spec("DELETE /api/v1/grants", Access.EVERYWHERE, "admin", 204, c -> {
            String subject = "g" + SEQ.incrementAndGet();
            fx.store.grants().grant(subject, "prod", "viewer");
            return plain(api(c, "DELETE", "/grants?subject=" + subject + "&environment=prod", null));
        });
        spec("GET /api/v1/audit", Access.ANYWHERE, "viewer", 200, c -> new Result(api(c, "GET", "/audit?limit=200",
                null), "prod-audit-marker"));
        // the dashboard and login
        spec("GET /", Access.ANYWHERE, "viewer", 200, c -> new Result(page(c, "GET", "/", null), "db01"));
        spec("GET /login", Access.PUBLIC, null, 200, c -> plain(page(c, "GET", "/login", null)));
        spec("POST /login", Access.PUBLIC, null, 403, c -> plain(page(c, "POST", "/login", "user=x&password=y")));
        spec("POST /logout", Access.SIGNED_IN, null, 302, c -> plain(page(c, "POST", "/logout", "")));
        spec("GET /metrics", Access.PUBLIC, null, 200, c -> plain(page(c, "GET", "/metrics", null)));
        spec("GET /runs", Access.ANYWHERE, "viewer", 200, c -> {
            String id = prodRun();
            return new Result(page(c, "GET", "/runs", null), id);
        });
        spec("POST /runs", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs",
                "selector=%40db&command=true&confirm=yes")));
        spec("GET /runs/{id}", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/runs/" + finishedRun, null)));
        spec("GET /runs/{id}/live", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/runs/" + finishedRun
                + "/live", null)));
        spec("GET /runs/{id}/hosts/{host}", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/runs/"
                + finishedRun + "/hosts/db01", null)));
        spec("POST /runs/{id}/approve", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs/"
                + waitingRun() + "/approve", "")));
        spec("POST /runs/{id}/deny", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs/"
                + waitingRun() + "/deny", "note=not+now")));
        spec("POST /runs/{id}/cancel", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs/"
                + prodRun() + "/cancel", "")));
        spec("POST /runs/{id}/rerun", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs/"
                + finishedRun + "/rerun", "confirm=yes")));
        spec("POST /runs/{id}/rerun-failed", Access.TARGET, "operator", 303, c -> plain(page(c, "POST", "/runs/"
                + failedRun() + "/rerun-failed", "confirm=yes")));
        spec("GET /hosts/{name}", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/hosts/db01", null)));
        spec("GET /schedules", Access.ANYWHERE, "viewer", 200, c -> new Result(page(c, "GET", "/schedules", null),
                "prod-nightly"));
        spec("POST /schedules", Access.TARGET, "admin", 303, c -> plain(page(c, "POST", "/schedules",
                "name=f" + SEQ.incrementAndGet() + "&cron=0+2+*+*+*&selector=%40db&command=true")));
        spec("POST /schedules/{name}/pause", Access.TARGET, "admin", 303, c -> plain(page(c, "POST", "/schedules/"
                + prodSchedule() + "/pause", "")));
        spec("POST /schedules/{name}/resume", Access.TARGET, "admin", 303, c -> plain(page(c, "POST", "/schedules/"
                + prodSchedule() + "/resume", "")));
        spec("POST /schedules/{name}/delete", Access.TARGET, "admin", 303, c -> plain(page(c, "POST", "/schedules/"
                + prodSchedule() + "/delete", "")));
        spec("GET /audit", Access.ANYWHERE, "viewer", 200, c -> new Result(page(c, "GET", "/audit", null),
                "prod-audit-marker"));
        spec("GET /dead-letters", Access.ANYWHERE, "viewer", 200, c -> {
            String id = prodLetter();
            return new Result(page(c, "GET", "/dead-letters", null), id);
        });
        spec("GET /server", Access.EVERYWHERE, "viewer", 200, c -> plain(page(c, "GET", "/server", null)));
        spec("GET /reports", Access.ANYWHERE, "viewer", 200, c -> new Result(page(c, "GET", "/reports", null), REPORT));
        spec("GET /reports/{id}", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/reports/" + REPORT, null)));
        spec("GET /reports/{id}/download", Access.TARGET, "viewer", 200, c -> plain(page(c, "GET", "/reports/"
                + REPORT + "/download?format=json", null)));
        spec("GET /tokens", Access.ANYWHERE, "admin", 200, c -> new Result(page(c, "GET", "/tokens", null),
                "prod-token-marker"));
        spec("POST /tokens", Access.TARGET, "admin", 201, c -> plain(page(c, "POST", "/tokens", "name=pt"
                + SEQ.incrementAndGet() + "&role=viewer&environment=prod")));
        spec("POST /tokens/{id}/revoke", Access.TARGET, "admin", 303, c -> plain(page(c, "POST", "/tokens/"
                + prodToken() + "/revoke", "")));
        spec("GET /users", Access.EVERYWHERE, "admin", 200, c -> plain(page(c, "GET", "/users", null)));
        spec("POST /users", Access.EVERYWHERE, "admin", 303, c -> plain(page(c, "POST", "/users", "name=pu"
                + SEQ.incrementAndGet() + "&password=long+enough")));
        spec("POST /users/grant", Access.EVERYWHERE, "admin", 303, c -> plain(page(c, "POST", "/users/grant",
                "subject=pg" + SEQ.incrementAndGet() + "&environment=prod&role=viewer")));
        spec("POST /users/revoke", Access.EVERYWHERE, "admin", 303, c -> {
            String subject = "pr" + SEQ.incrementAndGet();
            fx.store.grants().grant(subject, "prod", "viewer");
            return plain(page(c, "POST", "/users/revoke", "subject=" + subject + "&environment=prod"));
        });
        spec("GET /approvals", Access.ANYWHERE, "viewer", 200, c -> {
            String id = waitingRun();
            return new Result(page(c, "GET", "/approvals", null), id);
        });
    }

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null,
                c -> c.claimRuns(false).extension(new dev.muster.server.web.Dashboard()));
        Files.writeString(fx.plans.resolve("prod-check.yaml"),
                "kind: inspection\nname: prod-check\ntargets: \"@db\"\nchecks:\n  - health: {cmd: \"true\"}\n");
        Instant at = Instant.parse("2026-11-27T02:00:00Z");
        new ReportStore(fx.store, java.time.Clock.systemUTC()).save(new Report(REPORT, "prod-check", at, at,
                List.of(new HostResult("db01", List.of(new CheckResult("health", CheckStatus.PASS, null, "")))),
                new Summary(1, 1, 0, 0, 1, 0, 0), Changes.none()), Map.of());
        finishedRun = prodRun();
        fx.store.queue().claim(finishedRun, "seed");
        fx.store.runs().outcome(finishedRun, new Outcome("db01", Status.OK, null, 0, null, "out\n", "", "", 1, 5, at));
        fx.store.runs().finish(finishedRun, 0, Map.of("ok", 1));
        fx.store.schedules().save(Schedule.of("prod-nightly", "0 2 * * *", null, Map.of("selector", "@db", "command",
                "true"), MisfirePolicy.RUN_ONCE, OverlapPolicy.FORBID));
        fx.store.tokens().issue("prod-token-marker", "seed", null, Map.of("prod", "viewer"));
        fx.store.audit().append("seed", "run.start", "prod-audit-marker", "ok", null, Set.of("prod"));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void everyEndpointIsInTheMatrix() {
        assertThat(fx.server.endpoints()).as("endpoints without an entry in SecurityMatrixTest.SPECS")
                .containsExactlyInAnyOrderElementsOf(SPECS.keySet());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String endpoint : new TreeSet<>(fx.server.endpoints())) {
            for (String role : List.of("viewer", "operator", "admin")) {
                for (Grant grant : Grant.values()) {
                    for (boolean session : List.of(false, true)) {
                        out.add(Arguments.of(endpoint, role, grant, session ? "session" : "token"));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} as {1} of {2} by {3}")
    @MethodSource("matrix")
    void eachCallerGetsWhatItsGrantAllows(String endpoint, String role, Grant grant, String via) {
        Spec spec = SPECS.get(endpoint);
        assertThat(spec).as(endpoint + " has no entry in SPECS").isNotNull();
        boolean page = !endpoint.contains(" /api/v1/");
        boolean post = !endpoint.startsWith("GET ");
        Result r = spec.call().apply(caller(role, grant, via.equals("session")));
        int status = r.response().statusCode();
        boolean allowed = allowed(spec, role, grant);
        int expected;
        if (spec.access() == Access.PUBLIC) {
            expected = spec.ok();
        } else if (page && via.equals("token")) {
            expected = post ? 401 : 302; // pages know sessions only: a form is refused, a page sends to /login
        } else {
            expected = allowed ? spec.ok() : 403;
        }
        assertThat(status).as(endpoint + " as " + role + " of " + grant + " by " + via + ": " + r.response().body())
                .isEqualTo(expected);
        if (r.marker() != null && expected == spec.ok()) {
            boolean sees = grant != Grant.OTHER;
            assertThat(r.response().body().contains(r.marker())).as(endpoint + " shows the prod item " + r.marker()
                    + " to " + role + " of " + grant).isEqualTo(sees);
        }
    }

    @Test
    void withoutCredentialsEveryApiCallIs401AndEveryPageSendsToTheLogin() {
        Caller nobody = new Caller(null, null, null);
        for (String endpoint : fx.server.endpoints()) {
            Spec spec = SPECS.get(endpoint);
            if (spec == null || spec.access() == Access.PUBLIC) {
                continue;
            }
            HttpResponse<String> r = spec.call().apply(nobody).response();
            int expected = endpoint.contains(" /api/v1/") || !endpoint.startsWith("GET ") ? 401 : 302;
            assertThat(r.statusCode()).as(endpoint + ": " + r.body()).isEqualTo(expected);
            if (expected == 302) {
                assertThat(r.headers().firstValue("Location")).as(endpoint).contains("/login");
            }
        }
    }

    private static boolean allowed(Spec spec, String role, Grant grant) {
        boolean strongEnough = spec.role() == null || rank(role) >= rank(spec.role());
        return switch (spec.access()) {
            case PUBLIC, SIGNED_IN -> true;
            case ANYWHERE -> strongEnough;
            case TARGET -> strongEnough && grant != Grant.OTHER;
            case EVERYWHERE -> strongEnough && grant == Grant.ALL;
        };
    }

    private static int rank(String role) {
        return List.of("viewer", "operator", "admin").indexOf(role);
    }

    /** A new subject holding {@code role} in {@code grant}'s environment, with a token or a session. */
    private static Caller caller(String role, Grant grant, boolean session) {
        String name = role + "-" + grant.name().toLowerCase() + "-" + SEQ.incrementAndGet();
        if (!session) {
            return new Caller(fx.store.tokens().issue(name, name, null, Map.of(grant.environment, role)).plain(), null,
                    null);
        }
        fx.store.grants().grant(name, grant.environment, role);
        Sessions.Opened opened = fx.store.sessions().open(name, Duration.ofHours(1));
        return new Caller(null, opened.cookie(), opened.session().csrf());
    }

    private static Result plain(HttpResponse<String> r) {
        return new Result(r, null);
    }

    private static HttpResponse<String> api(Caller c, String method, String path, String json) {
        return send(c, method, "/api/v1" + path, json, "application/json", null);
    }

    private static HttpResponse<String> page(Caller c, String method, String path, String form) {
        String body = form == null ? null : (c.csrf() == null ? form : form + (form.isEmpty() ? "" : "&") + "_csrf="
                + c.csrf());
        return send(c, method, path, body, "application/x-www-form-urlencoded", null);
    }

    private static HttpResponse<String> send(Caller c, String method, String path, String body, String type,
                                             String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (c.token() != null) {
            b.header("Authorization", "Bearer " + c.token());
        }
        if (c.cookie() != null) {
            b.header("Cookie", "muster_session=" + c.cookie());
            b.header(LoginRoutes.CSRF_HEADER, c.csrf());
        }
        if (body != null) {
            b.header("Content-Type", type);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            return fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * An event stream read up to its "ready" event (what was missed has been sent: the stream stays
     * open after it), or to its end for a refusal; the connection is closed after.
     */
    private static HttpResponse<String> events(Caller c, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/event-stream").GET();
        if (c.token() != null) {
            b.header("Authorization", "Bearer " + c.token());
        }
        if (c.cookie() != null) {
            b.header("Cookie", "muster_session=" + c.cookie());
        }
        try {
            HttpResponse<Stream<String>> r = fx.http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            StringBuilder body = new StringBuilder();
            try (Stream<String> lines = r.body()) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    body.append(line).append('\n');
                    if (line.equals("event: ready")) {
                        break;
                    }
                }
            }
            return new ReadResponse(r, body.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A streamed response with the part of its body that was read. */
    record ReadResponse(HttpResponse<?> r, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return r.statusCode();
        }

        @Override
        public HttpRequest request() {
            return r.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        @Override
        public URI uri() {
            return r.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return r.version();
        }
    }

    /** A queued run on prod (db01). */
    /** An open dead letter of db01, in prod. */
    static String prodLetter() {
        return fx.store.deadLetters().add(new dev.muster.server.store.DeadLetters.Failure("seed-run", "db01", "prod",
                "true", "command_failed", 1, 1, "")).id();
    }

    static String prodRun() {
        return fx.store.runs().enqueue(new RunRequest("run", "@db", "true", Map.of("selector", "@db", "command",
                "true"), "prod", "seed", null));
    }

    /** A finished prod run where db01 failed. */
    static String failedRun() {
        String id = prodRun();
        fx.store.queue().claim(id, "seed");
        fx.store.runs().outcome(id, new Outcome("db01", Status.FAILED, null, 1, null, "", "no\n", "exit 1", 1, 5,
                Instant.parse("2026-11-27T02:00:00Z")));
        fx.store.runs().finish(id, 1, Map.of("failed", 1));
        return id;
    }

    /** A prod plan run waiting at an approve step. */
    static String waitingRun() {
        String id = prodRun();
        fx.store.runs().requestApproval(id, "step-1-batch-1", "go on?");
        return id;
    }

    /** A prod plan run of a plan with groups, its db group gated by a window that is closed now. */
    static String windowedRun() {
        try {
            Files.writeString(fx.plans.resolve("windowed.yaml"), "name: windowed\nwindows:\n  never: {zone: UTC, "
                    + "every: \"0 0 1 1 *\", duration: 1m}\ngroups:\n  db: {targets: \"@db\", window: never}\n"
                    + "steps:\n  - run: echo deployed\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return fx.store.runs().enqueue(new RunRequest("apply", null, "apply windowed.yaml",
                Map.of("plan", "windowed.yaml"), "prod", "seed", null));
    }

    /** The same, with an override of its window asked for by someone else. */
    static String overrideAsked() {
        String id = windowedRun();
        dev.muster.server.engine.WindowOverrides.request(fx.store.runs(), id,
                fx.store.runs().get(id).orElseThrow().record().spec(), "never", "hotfix", "seed", Instant.now());
        return id;
    }

    /** A prod plan run whose controller died. */
    static String interruptedPlanRun() {
        String id = fx.store.runs().enqueue(new RunRequest("apply", null, "apply prod.yaml", Map.of("plan", "prod.yaml"),
                "prod", "seed", null));
        String server = "dead-" + SEQ.incrementAndGet();
        fx.store.queue().claim(id, server);
        fx.store.queue().abandonClaims(server);
        return id;
    }

    static String prodSchedule() {
        String name = "p" + SEQ.incrementAndGet();
        fx.store.schedules().save(Schedule.of(name, "0 2 * * *", null, Map.of("selector", "@db", "command", "true"),
                MisfirePolicy.RUN_ONCE, OverlapPolicy.FORBID));
        return name;
    }

    static String prodToken() {
        return fx.store.tokens().issue("p" + SEQ.incrementAndGet(), "seed", null, Map.of("prod", "viewer")).token().id();
    }
}
