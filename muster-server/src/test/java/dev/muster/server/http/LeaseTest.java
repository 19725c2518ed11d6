package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.store.StepMark;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs claimed by a controller that died (simulated: claimed in the store by "dead-server", whose
 * lease nobody renews) are reaped by this server once the lease runs out: interrupted with their
 * hosts in flight said so, cancelled when a cancel was asked, and, for a plan that says
 * {@code resume: auto}, continued here from its journal.
 */
class LeaseTest {
    private static final Duration LEASE = Duration.ofMillis(900);

    @TempDir
    static Path dir;
    static ServerFixture fx;
    static String operator;
    static Path steps;

    @BeforeAll
    static void start() throws Exception {
        // the engine only claims when woken (hour-long poll): the "dead" server claims first
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c, HttpClient.newHttpClient(),
                Duration.ofHours(1), b -> b.commandMode(CommandMode.SHELL), LEASE);
        operator = fx.token("ops", "operator", "*");
        steps = dir.resolve("steps.log");
        for (String mode : new String[] {"auto", "manual"}) {
            Files.writeString(fx.plans.resolve("two-steps-" + mode + ".yaml"), "name: two\ntargets: \"@web\"\n"
                    + "resume: " + mode + "\nsteps:\n  - run: echo one-" + mode + " >> " + steps + "\n"
                    + "  - run: echo two-" + mode + " >> " + steps + "\n");
        }
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** A run queued and claimed by a server that then dies: nobody renews its lease. */
    private static String claimedByADeadServer(RunRequest request) {
        String id = fx.store.runs().enqueue(request);
        assertThat(fx.store.queue().claimNext("dead-server", LEASE)).hasValueSatisfying(r ->
                assertThat(r.id()).isEqualTo(id));
        return id;
    }

    private static RunRequest command() {
        return new RunRequest("run", "@web", "sleep 60", Map.of("selector", "@web", "command", "sleep 60"), "staging",
                "ops", null);
    }

    private static RunRequest plan(String mode) {
        return new RunRequest("apply", null, "apply two-steps-" + mode + ".yaml", Map.of("plan", "two-steps-" + mode
                + ".yaml"), "staging", "ops", null);
    }

    /** Polls the API (bounded) until the run has status {@code status}. */
    private static JsonNode await(String id, String status) throws InterruptedException {
        JsonNode run = null;
        for (int i = 0; i < 600; i++) {
            run = fx.json(fx.call("GET", "/api/v1/runs/" + id, operator, null));
            if (run.path("status").asText().equals(status)) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " is not " + status + " after 30 s: " + run);
    }

    @Test
    void aRunWhoseControllerDiedIsInterruptedWithItsHostsInFlightSaidSo() throws Exception {
        String id = claimedByADeadServer(new RunRequest("run", "all", "uptime; sleep 60", Map.of("selector", "all",
                "command", "uptime; sleep 60"), "prod,staging", "ops", null));
        // the dead server had finished db01 and was still on web01
        fx.store.runs().hostStarted(id, "db01");
        fx.store.runs().outcome(id, new Outcome("db01", Status.OK, null, 0, null, "up 3 days\n", "", "", 1, 40,
                java.time.Instant.now(), java.util.List.of()));
        fx.store.runs().hostStarted(id, "web01");
        JsonNode run = await(id, "interrupted");
        assertThat(run.path("exitCode").asInt()).isEqualTo(3);
        JsonNode hosts = fx.json(fx.call("GET", "/api/v1/runs/" + id + "/hosts", operator, null)).path("hosts");
        assertThat(hosts).hasSize(2);
        assertThat(hosts).anySatisfy(h -> {
            assertThat(h.path("host").asText()).isEqualTo("db01");
            assertThat(h.path("status").asText()).as("an outcome recorded before the death is kept").isEqualTo("ok");
        });
        assertThat(hosts).anySatisfy(h -> {
            assertThat(h.path("host").asText()).isEqualTo("web01");
            assertThat(h.path("status").asText()).isEqualTo("failed");
            assertThat(h.path("kind").asText()).isEqualTo("interrupted");
            assertThat(h.path("message").asText()).contains("dead-server");
        });
        assertThat(fx.call("GET", "/api/v1/runs/" + id + "/output?host=db01", operator, null).body())
                .contains("up 3 days");
        assertThat(fx.store.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("run.interrupt");
            assertThat(e.targets()).isEqualTo("run " + id);
            assertThat(e.detail()).contains("dead-server").contains("in flight: web01");
        });
    }

    @Test
    void aCancelOfARunWhoseControllerDiedEndsItCancelled() throws Exception {
        String id = claimedByADeadServer(command());
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs/" + id + "/cancel", operator, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(await(id, "cancelled").path("exitCode").asInt()).isEqualTo(130);
    }

    @Test
    void aPlanThatSaysResumeAutoIsContinuedHereFromItsJournal() throws Exception {
        String id = claimedByADeadServer(plan("auto"));
        // the dead server had done step 0 on web01 and was in step 1
        fx.store.runs().mark(id, StepMark.started(1, 0, "web01"));
        fx.store.runs().mark(id, StepMark.done(1, 0, "web01", "changed", ""));
        fx.store.runs().mark(id, StepMark.started(1, 1, "web01"));
        fx.store.runs().hostStarted(id, "web01");
        JsonNode run = await(id, "finished");
        assertThat(run.path("exitCode").asInt()).as(run.toString()).isZero();
        assertThat(Files.readAllLines(steps)).contains("two-auto").doesNotContain("one-auto");
        assertThat(fx.store.queue().claims(id)).isEqualTo(2);
        assertThat(fx.store.audit().recent(20)).extracting(e -> e.action() + " " + e.targets())
                .contains("run.interrupt run " + id, "run.resume run " + id);
    }

    @Test
    void aPlanRunIsResumedOnRequestAndOnlyAPlanRunThatDidNotDeployEverywhere() throws Exception {
        String id = claimedByADeadServer(plan("manual"));
        fx.store.runs().mark(id, StepMark.started(1, 0, "web01"));
        fx.store.runs().mark(id, StepMark.done(1, 0, "web01", "changed", ""));
        await(id, "interrupted");
        Thread.sleep(LEASE.toMillis()); // a reaper pass or two: nobody resumes a manual plan by itself
        assertThat(fx.store.runs().get(id).orElseThrow().status().key()).isEqualTo("interrupted");

        HttpResponse<String> r = fx.call("POST", "/api/v1/runs/" + id + "/resume", operator, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(await(id, "finished").path("exitCode").asInt()).isZero();
        assertThat(Files.readAllLines(steps)).contains("two-manual").doesNotContain("one-manual");
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/resume", operator, null).statusCode()).isEqualTo(409);
        String commandRun = claimedByADeadServer(command());
        await(commandRun, "interrupted");
        assertThat(fx.call("POST", "/api/v1/runs/" + commandRun + "/resume", operator, null).statusCode())
                .isEqualTo(409);
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/resume", fx.token("peek", "viewer", "*"), null)
                .statusCode()).isEqualTo(403);
    }
}
