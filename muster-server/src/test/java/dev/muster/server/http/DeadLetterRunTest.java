package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.store.DeadLetters;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.Fault;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private String run(String selector, String command) throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin, fx.json.createObjectNode()
                .put("selector", selector).put("command", command).put("confirm", true).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        fx.awaitEnd(id, admin);
        return id;
    }
}
