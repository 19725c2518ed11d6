package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.testing.Backend;
import dev.muster.server.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter table on every backend. */
abstract class DeadLettersContract implements Backend {
    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock("2026-12-07T10:00:00Z");
    Database db;
    DeadLetters letters;

    @BeforeEach
    void open() {
        db = newDatabase(tmp);
        Store.open(db, clock); // migrates
        letters = new DeadLetters(db, clock);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    static DeadLetters.Failure failure(String host, String env) {
        return new DeadLetters.Failure("run-1", host, env, "systemctl restart app", "command_failed", 3, 1,
                "restarting\nJob for app.service failed");
    }

    @Test
    void aLetterKeepsWhatFailedAndListsNewestFirstByEnvironment() {
        DeadLetters.Letter web = letters.add(failure("web01", "staging"));
        clock.advance(Duration.ofSeconds(1));
        DeadLetters.Letter db01 = letters.add(new DeadLetters.Failure("run-1", "db01", "prod", "systemctl restart app",
                "auth", 1, null, ""));

        assertThat(letters.find(web.id())).contains(web);
        assertThat(letters.list(null, null, 100)).extracting(DeadLetters.Letter::host).containsExactly("db01", "web01");
        assertThat(letters.list(DeadLetters.State.OPEN, Set.of("staging"), 100)).containsExactly(web);
        assertThat(letters.list(null, Set.of(), 100)).isEmpty();
        assertThat(letters.find(db01.id()).orElseThrow().exitCode()).isNull();
        assertThat(letters.list(null, null, 1)).hasSize(1);
    }

    @Test
    void aLetterIsSettledOnceEitherWay() {
        DeadLetters.Letter a = letters.add(failure("web01", "staging"));
        DeadLetters.Letter b = letters.add(failure("web02", "staging"));

        assertThat(letters.requeued(a.id(), "run-2", "alice")).isTrue();
        assertThat(letters.requeued(a.id(), "run-3", "alice")).as("already requeued").isFalse();
        assertThat(letters.discard(a.id(), "bob")).isFalse();
        assertThat(letters.discard(b.id(), "bob")).isTrue();
        assertThat(letters.discard("nope", "bob")).isFalse();

        DeadLetters.Letter settled = letters.find(a.id()).orElseThrow();
        assertThat(settled.state()).isEqualTo(DeadLetters.State.REQUEUED);
        assertThat(settled.requeueRun()).isEqualTo("run-2");
        assertThat(settled.settledBy()).isEqualTo("alice");
        assertThat(settled.settledAt()).isEqualTo(clock.instant());
        assertThat(letters.list(DeadLetters.State.OPEN, null, 100)).isEmpty();
        assertThat(letters.list(DeadLetters.State.DISCARDED, null, 100)).extracting(DeadLetters.Letter::id)
                .containsExactly(b.id());
    }

    @Test
    void longOutputKeepsItsTailAndRetentionDeletesOldLetters() {
        String output = "x".repeat(DeadLetters.MAX_OUTPUT_CHARS) + "the reason";
        DeadLetters.Letter big = letters.add(new DeadLetters.Failure("run-1", "web01", null, "make", "command_failed",
                1, 2, output));
        assertThat(letters.find(big.id()).orElseThrow().lastOutput()).startsWith("[earlier output cut]\n")
                .endsWith("the reason").hasSize(DeadLetters.MAX_OUTPUT_CHARS + "[earlier output cut]\n".length());

        clock.advance(Duration.ofDays(10));
        DeadLetters.Letter recent = letters.add(failure("web02", "staging"));
        assertThat(letters.deleteOlderThan(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(letters.list(null, null, 100)).containsExactly(recent);
        assertThat(letters.list(null, List.of(""), 100)).as("a host without an environment lists under \"\"")
                .isEmpty();
    }
}
