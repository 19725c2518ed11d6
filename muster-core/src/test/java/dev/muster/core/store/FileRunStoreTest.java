package dev.muster.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRunStoreTest {
    @TempDir
    Path dir;

    private RunRecord begun(FileRunStore store, String id) {
        RunRecord r = new RunRecord(id, "run", "@web", "uname -r", "web[01-02]", Instant.parse("2026-11-27T10:00:00Z"),
                null, null, List.of(), null, Map.of("command", "uname -r", "sudo", false), Map.of());
        store.begin(r);
        return r;
    }

    @Test
    void outcomesAppendedAsHostsFinishAreReadBackEvenBeforeTheRunFinishes() {
        FileRunStore store = new FileRunStore(dir);
        begun(store, "20261127-100000-0001");
        Outcome ok = new Outcome("web01", Status.OK, null, 0, null, "5.10\n", "", "", 1, 12,
                Instant.parse("2026-11-27T10:00:01Z"));
        Outcome down = new Outcome("web02", Status.UNREACHABLE, FailureKind.CONNECT_REFUSED, null, null, "", "",
                "connection refused", 3, 40, Instant.parse("2026-11-27T10:00:01Z"));
        store.outcome("20261127-100000-0001", ok);
        store.outcome("20261127-100000-0001", down);

        RunRecord running = store.load("20261127-100000-0001").orElseThrow();
        assertThat(running.state()).isEqualTo("running");
        assertThat(running.outcomes()).containsExactly(ok, down);

        store.finish("20261127-100000-0001", 1, Map.of("ok", 1, "unreachable", 1));
        RunRecord done = store.load("20261127-100000-0001").orElseThrow();
        assertThat(done.exitCode()).isEqualTo(1);
        assertThat(done.state()).isEqualTo("finished");
        assertThat(done.spec()).containsEntry("command", "uname -r").containsEntry("sudo", false);
        assertThat(done.counts()).containsEntry("unreachable", 1);
        assertThat(done.outcomes()).containsExactly(ok, down);
    }

    @Test
    void recentListsNewestFirst() {
        FileRunStore store = new FileRunStore(dir);
        begun(store, "20261127-100000-0001");
        begun(store, "20261127-110000-0002");
        begun(store, "20261126-090000-0003");
        assertThat(store.recent(2)).extracting(RunRecord::id)
                .containsExactly("20261127-110000-0002", "20261127-100000-0001");
        assertThat(store.load("nope")).isEmpty();
        assertThat(store.load("../etc")).isEmpty();
    }
}
