package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.store.Database;
import dev.muster.server.store.RetentionPolicy;
import dev.muster.server.store.RunStatus;
import dev.muster.server.testing.ManualClock;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's retention pass: old runs, reports and samples go; running runs and each inspection's newest report stay. */
@Timeout(120)
class RetentionTest {
    static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofDays(30), 1_000, Duration.ofDays(90),
            Duration.ofDays(7), Duration.ofHours(1));

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock("2026-01-01T00:00:00Z");
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock, c -> c.upkeep(false).retention(POLICY),
                HttpClient.newHttpClient(), Duration.ofMillis(100), b -> b.commandMode(CommandMode.SHELL));
        admin = fx.token("root", "admin", "*");
        Files.writeString(fx.plans.resolve("up.yaml"), "name: up\ntargets: all\nchecks:\n  - health: {cmd: \"true\"}\n");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void oldFinishedRunsGoButRunningOnesStay() throws Exception {
        String finished = run("echo old");
        String running = fx.json(fx.call("POST", "/api/v1/runs", admin,
                "{\"selector\":\"@web\",\"command\":\"sleep 1000\"}")).path("id").asText();
        awaitStatus(running, "running");
        clock.advance(Duration.ofDays(31));
        String recent = run("echo recent");

        Upkeep.Deleted deleted = fx.server.upkeep().retainOnce();

        assertThat(deleted.runs()).isEqualTo(1);
        assertThat(fx.store.runs().get(finished)).isEmpty();
        assertThat(fx.store.runs().get(recent)).isPresent();
        assertThat(fx.store.runs().get(running)).get().extracting(r -> r.status()).isNotIn(RunStatus.FINISHED,
                RunStatus.CANCELLED);
    }

    @Test
    void oldReportsGoExceptTheNewestOfEachInspection() throws Exception {
        inspect();
        clock.advance(Duration.ofDays(100));
        inspect();
        assertThat(fx.json(fx.call("GET", "/api/v1/reports", admin, null)).path("reports")).hasSize(2);

        assertThat(fx.server.upkeep().retainOnce().reports()).isEqualTo(1);
        assertThat(fx.json(fx.call("GET", "/api/v1/reports", admin, null)).path("reports")).hasSize(1);

        clock.advance(Duration.ofDays(100));
        assertThat(fx.server.upkeep().retainOnce().reports()).as("the newest is kept to compare with").isZero();
    }

    @Test
    void metricSamplesOlderThanTheirRetentionGo() {
        MetricStore samples = new MetricStore(fx.store, clock);
        samples.save(List.of(MetricSample.down("web01", clock.instant(), "refused")));
        clock.advance(Duration.ofDays(8));
        samples.save(List.of(MetricSample.down("web01", clock.instant(), "refused")));

        assertThat(fx.server.upkeep().retainOnce().samples()).isEqualTo(1);
        assertThat(samples.series("web01", clock.instant().minus(Duration.ofDays(30)), clock.instant())).hasSize(1);
    }

    @Test
    void deadLettersOlderThanTheirRetentionGo() {
        dev.muster.server.store.DeadLetters letters = fx.store.deadLetters();
        letters.add(new dev.muster.server.store.DeadLetters.Failure("r1", "web01", "staging", "false",
                "command_failed", 1, 1, ""));
        clock.advance(Duration.ofDays(31));
        var recent = letters.add(new dev.muster.server.store.DeadLetters.Failure("r2", "web01", "staging", "false",
                "command_failed", 1, 1, ""));

        assertThat(fx.server.upkeep().retainOnce().deadLetters()).as("default: 30 days").isEqualTo(1);
        assertThat(letters.list(null, null, 10)).containsExactly(recent);
    }

    private String run(String command) throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@web\",\"command\":\""
                + command + "\"}");
        String id = fx.json(r).path("id").asText();
        fx.awaitEnd(id, admin);
        return id;
    }

    private void awaitStatus(String id, String status) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (fx.json(fx.call("GET", "/api/v1/runs/" + id, admin, null)).path("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("run " + id + " never became " + status);
    }

    private void inspect() throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/inspections/run", admin, "{\"inspection\":\"up.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        fx.awaitEnd(fx.json(r).path("id").asText(), admin);
    }
}
