package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.inspect.Changes;
import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.Summary;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Every role × (granted in the target environment / granted elsewhere only) × endpoint class,
 * with the status each must get. Targets are in prod; "granted" holds the role in '*', "not
 * granted" holds it in staging only. Runs stay queued (this server executes nothing).
 */
class RbacMatrixTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static final AtomicInteger SEQ = new AtomicInteger();

    /** One endpoint class: how to call it as a holder of {@code token}. */
    enum Endpoint {
        READ(t -> fx.call("GET", "/api/v1/runs/" + prodRun(), t, null)),
        RUN(t -> fx.call("POST", "/api/v1/runs", t, "{\"selector\":\"@db\",\"command\":\"true\",\"confirm\":true}")),
        APPLY(t -> fx.call("POST", "/api/v1/plans/apply", t, "{\"plan\":\"prod.yaml\",\"confirm\":true}")),
        APPROVE(t -> {
            String id = prodRun();
            fx.store.runs().requestApproval(id, "step-1-batch-1", "go on?");
            return fx.call("POST", "/api/v1/runs/" + id + "/approve", t, null);
        }),
        SCHEDULE_ADMIN(t -> fx.call("POST", "/api/v1/schedules", t, "{\"name\":\"s" + SEQ.incrementAndGet()
                + "\",\"cron\":\"0 2 * * *\",\"selector\":\"@db\",\"command\":\"true\"}")),
        TOKEN_ADMIN(t -> fx.call("POST", "/api/v1/tokens", t, "{\"name\":\"t" + SEQ.incrementAndGet()
                + "\",\"role\":\"viewer\",\"environment\":\"prod\"}")),
        INSPECT(t -> fx.call("POST", "/api/v1/inspections/run", t, "{\"inspection\":\"prod-check.yaml\"}")),
        REPORT_READ(t -> fx.call("GET", "/api/v1/reports/" + PROD_REPORT, t, null)),
        REPORT_HTML(t -> fx.call("GET", "/api/v1/reports/" + PROD_REPORT + ".html", t, null)),
        HOST_METRICS(t -> fx.call("GET", "/api/v1/hosts/db01/metrics", t, null));

        final Function<String, HttpResponse<String>> call;

        Endpoint(Function<String, HttpResponse<String>> call) {
            this.call = call;
        }
    }

    static final Map<String, Map<Endpoint, Integer>> GRANTED = Map.of(
            "viewer", Map.ofEntries(Map.entry(Endpoint.READ, 200), Map.entry(Endpoint.RUN, 403),
                    Map.entry(Endpoint.APPLY, 403), Map.entry(Endpoint.APPROVE, 403),
                    Map.entry(Endpoint.SCHEDULE_ADMIN, 403), Map.entry(Endpoint.TOKEN_ADMIN, 403),
                    Map.entry(Endpoint.INSPECT, 403), Map.entry(Endpoint.REPORT_READ, 200),
                    Map.entry(Endpoint.REPORT_HTML, 200), Map.entry(Endpoint.HOST_METRICS, 200)),
            "operator", Map.ofEntries(Map.entry(Endpoint.READ, 200), Map.entry(Endpoint.RUN, 202),
                    Map.entry(Endpoint.APPLY, 202), Map.entry(Endpoint.APPROVE, 200),
                    Map.entry(Endpoint.SCHEDULE_ADMIN, 403), Map.entry(Endpoint.TOKEN_ADMIN, 403),
                    Map.entry(Endpoint.INSPECT, 202), Map.entry(Endpoint.REPORT_READ, 200),
                    Map.entry(Endpoint.REPORT_HTML, 200), Map.entry(Endpoint.HOST_METRICS, 200)),
            "admin", Map.ofEntries(Map.entry(Endpoint.READ, 200), Map.entry(Endpoint.RUN, 202),
                    Map.entry(Endpoint.APPLY, 202), Map.entry(Endpoint.APPROVE, 200),
                    Map.entry(Endpoint.SCHEDULE_ADMIN, 201), Map.entry(Endpoint.TOKEN_ADMIN, 201),
                    Map.entry(Endpoint.INSPECT, 202), Map.entry(Endpoint.REPORT_READ, 200),
                    Map.entry(Endpoint.REPORT_HTML, 200), Map.entry(Endpoint.HOST_METRICS, 200)));
    static final String PROD_REPORT = "20261127T020000Z-000001";

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c.claimRuns(false));
        java.nio.file.Files.writeString(fx.plans.resolve("prod-check.yaml"),
                "kind: inspection\nname: prod-check\ntargets: \"@db\"\nchecks:\n  - health: {cmd: \"true\"}\n");
        List<HostResult> rows = List.of(new HostResult("db01", List.of(new CheckResult("health", CheckStatus.PASS,
                null, ""))));
        java.time.Instant at = java.time.Instant.parse("2026-11-27T02:00:00Z");
        new ReportStore(fx.store, java.time.Clock.systemUTC()).save(new Report(PROD_REPORT, "prod-check", at, at, rows,
                new Summary(1, 1, 0, 0, 1, 0, 0), Changes.none()), Map.of());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static String prodRun() {
        return fx.store.runs().enqueue(new RunRequest("run", "@db", "true", Map.of("selector", "@db", "command",
                "true"), "prod", "seed", null));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String role : List.of("viewer", "operator", "admin")) {
            for (boolean granted : List.of(true, false)) {
                for (Endpoint e : Endpoint.values()) {
                    out.add(Arguments.of(role, granted, e, granted ? GRANTED.get(role).get(e) : 403));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} granted={1} {2} -> {3}")
    @MethodSource("matrix")
    void roleEnvironmentAndEndpointDecideTheStatus(String role, boolean granted, Endpoint endpoint, int expected) {
        String owner = role + (granted ? "-everywhere-" : "-staging-") + SEQ.incrementAndGet();
        String token = fx.token(owner, role, granted ? "*" : "staging");
        HttpResponse<String> r = endpoint.call.apply(token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        if (expected == 403) {
            assertThat(fx.json(r).path("error").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void anOperatorOfStagingRunsOnStagingButNotOnProd() {
        String token = fx.token("stage-op", "operator", "staging");
        assertThat(fx.call("POST", "/api/v1/runs", token, "{\"selector\":\"@web\",\"command\":\"true\"}")
                .statusCode()).isEqualTo(202);
        assertThat(fx.call("POST", "/api/v1/runs", token, "{\"selector\":\"@web,@db\",\"command\":\"true\"}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aProtectedEnvironmentNeedsConfirmation() {
        String token = fx.token("prod-op", "operator", "prod");
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", token, "{\"selector\":\"@db\",\"command\":\"true\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(fx.json(r).path("message").asText()).contains("protected environment prod");
    }

    @Test
    void deniedCallsAreAudited() {
        String token = fx.token("nosy", "viewer", "staging");
        fx.call("POST", "/api/v1/runs", token, "{\"selector\":\"@db\",\"command\":\"true\",\"confirm\":true}");
        assertThat(fx.store.audit().recent(50)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("nosy (token)");
            assertThat(e.action()).isEqualTo("run.start");
            assertThat(e.targets()).isEqualTo("@db");
            assertThat(e.result()).isEqualTo("denied");
        });
    }
}
