package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import dev.muster.server.store.DeadLetters;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.Fault;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's hosts that fail for good become dead letters (issue 18): a command that exits non-zero
 * (not retryable) and an unreachable host (retryable, after its attempts); a host that succeeds
 * does not. The stored output is redacted.
 */
@Timeout(120)
class DeadLetterRunTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c,
                java.net.http.HttpClient.newHttpClient(), Duration.ofMillis(100), b -> b.commandMode(CommandMode.SHELL));
        admin = fx.token("root", "admin", "*");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void hostsThatFailForGoodAreWrittenAsDeadLettersWithRedactedOutput() throws Exception {
        String id = run("@web", "echo " + ServerFixture.SECRET + "; echo broken >&2; exit 3");
        DeadLetters.Letter letter = fx.store.deadLetters().list(null, null, 10).getFirst();
        assertThat(letter.runId()).isEqualTo(id);
        assertThat(letter.host()).isEqualTo("web01");
        assertThat(letter.environment()).isEqualTo("staging");
        assertThat(letter.errorKind()).isEqualTo("command_failed");
        assertThat(letter.exitCode()).isEqualTo(3);
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.state()).isEqualTo(DeadLetters.State.OPEN);
        assertThat(letter.lastOutput()).contains("broken").doesNotContain(ServerFixture.SECRET);
        assertThat(letter.step()).doesNotContain(ServerFixture.SECRET);

        run("@db", "echo fine");
        assertThat(fx.store.deadLetters().list(null, null, 10)).as("a success is no letter").hasSize(1);
    }

    @Test
    void anUnreachableHostIsALetterAfterItsAttempts() throws Exception {
        fx.fleet.hosts().get(1).setFaults(Fault.REFUSE);
        run("@db", "echo fine");
        List<DeadLetters.Letter> letters = fx.store.deadLetters().list(null, null, 10);
        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().host()).isEqualTo("db01");
        assertThat(letters.getFirst().environment()).isEqualTo("prod");
        assertThat(letters.getFirst().errorKind()).isEqualTo("connect_refused");
        assertThat(letters.getFirst().attempts()).isGreaterThanOrEqualTo(1);
        assertThat(letters.getFirst().exitCode()).isNull();
    }

    @Test
    void theApiListsRequeuesAndDiscardsLettersWithinTheCallersEnvironments() throws Exception {
        run("@web", "echo broken; exit 3");
        run("@db", "echo broken; exit 4");
        String stagingViewer = fx.token("sam", "viewer", "staging");
        String stagingOperator = fx.token("olga", "operator", "staging");

        JsonNode seen = fx.json(fx.call("GET", "/api/v1/dead-letters", stagingViewer, null)).path("deadLetters");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).path("host").asText()).isEqualTo("web01");
        assertThat(seen.get(0).path("errorKind").asText()).isEqualTo("command_failed");
        String web = seen.get(0).path("id").asText();
        String db = fx.store.deadLetters().list(null, Set.of("prod"), 10).getFirst().id();

        assertThat(fx.call("POST", "/api/v1/dead-letters/" + web + "/requeue", stagingViewer, null).statusCode())
                .as("a viewer may not requeue").isEqualTo(403);
        assertThat(fx.call("POST", "/api/v1/dead-letters/" + db + "/discard", stagingOperator, null).statusCode())
                .as("not in the caller's environment").isEqualTo(403);
        HttpResponse<String> requeued = fx.call("POST", "/api/v1/dead-letters/" + web + "/requeue", stagingOperator,
                null);
        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(202);
        String again = fx.json(requeued).path("run").asText();
        JsonNode rerun = fx.awaitEnd(again, admin);
        assertThat(rerun.path("exitCode").asInt()).as("the same step ran again on the same host").isEqualTo(1);
        assertThat(fx.call("POST", "/api/v1/dead-letters/" + web + "/discard", stagingOperator, null).statusCode())
                .as("settled once").isEqualTo(409);
        assertThat(fx.call("POST", "/api/v1/dead-letters/" + db + "/discard", admin, null).statusCode()).isEqualTo(200);
        assertThat(fx.call("POST", "/api/v1/dead-letters/nope/discard", admin, null).statusCode()).isEqualTo(404);

        DeadLetters.Letter settled = fx.store.deadLetters().find(web).orElseThrow();
        assertThat(settled.state()).isEqualTo(DeadLetters.State.REQUEUED);
        assertThat(settled.requeueRun()).isEqualTo(again);
        assertThat(settled.settledBy()).isEqualTo("olga");
        JsonNode open = fx.json(fx.call("GET", "/api/v1/dead-letters", admin, null)).path("deadLetters");
        assertThat(open).as("the rerun failed again: a new letter, the only one open").hasSize(1);
        assertThat(open.get(0).path("runId").asText()).isEqualTo(again);
        assertThat(fx.json(fx.call("GET", "/api/v1/dead-letters?state=any", admin, null)).path("deadLetters"))
                .hasSize(3);
        assertThat(fx.call("GET", "/api/v1/dead-letters?state=lost", admin, null).statusCode()).isEqualTo(400);
        assertThat(fx.store.audit().recent(50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("dead_letter.requeue");
            assertThat(e.result()).isEqualTo("ok");
        }).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("dead_letter.discard");
            assertThat(e.result()).isEqualTo("denied");
        });
    }

    private String run(String selector, String command) throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin, fx.json.createObjectNode()
                .put("selector", selector).put("command", command).put("confirm", true).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        fx.awaitEnd(id, admin);
        return id;
    }

    /** The server's webhook is told about a run's dead letters: who, what kind, never the output. */
    @Test
    void theWebhookIsToldAboutARunsDeadLettersWithoutTheirOutput() throws Exception {
        fx.close();
        java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
            fx = new ServerFixture(dir.resolve("again"), Database.sqlite(dir.resolve("again-data")), null,
                    c -> c.webhook(dev.muster.server.inspect.WebhookAlerts.of(url, dev.muster.core.Redactor.none())),
                    java.net.http.HttpClient.newHttpClient(), Duration.ofMillis(100),
                    b -> b.commandMode(CommandMode.SHELL));
            admin = fx.token("root", "admin", "*");
            String ok = run("@db", "echo fine");
            String id = run("all", "echo " + ServerFixture.SECRET + "; test $(hostname) = nothing || exit 5");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // a second alert, were there one, would have come by now
            assertThat(bodies).hasSize(1);
            JsonNode alert = fx.json.readTree(bodies.getFirst());
            assertThat(alert.path("schema").asText()).isEqualTo("muster.dead-letters/1");
            assertThat(alert.path("run_id").asText()).isEqualTo(id).isNotEqualTo(ok);
            assertThat(alert.path("run_url").asText()).endsWith("/runs/" + id);
            assertThat(alert.path("count").asInt()).isEqualTo(fx.fleet.hosts().size());
            assertThat(alert.path("letters")).allSatisfy(l -> {
                assertThat(l.path("error_kind").asText()).isEqualTo("command_failed");
                assertThat(l.path("exit_code").asInt()).isEqualTo(5);
            });
            assertThat(bodies.getFirst()).doesNotContain(ServerFixture.SECRET);
        } finally {
            hook.stop(0);
        }
    }
}
