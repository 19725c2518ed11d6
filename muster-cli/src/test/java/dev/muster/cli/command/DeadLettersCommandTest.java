package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.server.store.Database;
import dev.muster.server.store.DeadLetters;
import dev.muster.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** muster dead-letters lists and discards the server's dead letters in its store. */
class DeadLettersCommandTest {
    @TempDir
    Path data;

    @Test
    void lettersAreListedAndDiscardedOnceWithAnAuditEntry() {
        String id;
        try (Store store = Store.open(Database.sqlite(data), Clock.systemUTC())) {
            id = store.deadLetters().add(new DeadLetters.Failure("run-7", "web01", "staging", "systemctl restart app",
                    "command_failed", 1, 3, "starting\nJob for app.service failed")).id();
        }
        CliResult list = CliResult.run(List.of("dead-letters", "list", "--data", data.toString()));
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id).contains("web01 (staging)").contains("command_failed exit 3")
                .contains("systemctl restart app").contains("Job for app.service failed").contains("run run-7");

        CliResult discard = CliResult.run(List.of("dead-letters", "discard", id, "--data", data.toString()));
        assertThat(discard.exit()).as(discard.err()).isZero();
        CliResult again = CliResult.run(List.of("dead-letters", "discard", id, "nope", "--data", data.toString()));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("is already discarded").contains("no dead letter nope");

        assertThat(CliResult.run(List.of("dead-letters", "list", "--data", data.toString())).out())
                .contains("no open dead letters");
        assertThat(CliResult.run(List.of("dead-letters", "list", "--state", "discarded", "--data",
                data.toString())).out()).contains(id);
        try (Store store = Store.open(Database.sqlite(data), Clock.systemUTC())) {
            assertThat(store.audit().recent(10)).filteredOn(e -> e.action().equals("dead_letter.discard"))
                    .extracting(e -> e.result()).containsExactlyInAnyOrder("ok", "failed", "failed");
        }
    }

    @Test
    void anUnknownStateIsBadInput() {
        CliResult r = CliResult.run(List.of("dead-letters", "list", "--state", "lost", "--data", data.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected open, requeued, discarded or any, got lost");
    }
}
