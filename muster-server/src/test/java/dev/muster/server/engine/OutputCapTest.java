package dev.muster.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.Redactor;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.OutputSink;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunOutput;
import dev.muster.server.store.RunRequest;
import dev.muster.server.store.Store;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-host output cap, where a run's output is written to the store. */
class OutputCapTest {
    @TempDir
    Path dir;

    @Test
    void outputPastTheCapIsDroppedAfterOneMarker() throws Exception {
        Store store = Store.open(Database.sqlite(dir.resolve("data")), Clock.systemUTC(), 64, 1_000);
        String run = store.runs().enqueue(new RunRequest("run", "@web", "seq", Map.of("selector", "@web",
                "command", "seq"), "staging", "test", null));
        LiveOutput out = new LiveOutput(store.runs(), run, Redactor.none(), 100);
        Host web = Host.of("web01", "127.0.0.1", 22);
        for (int i = 0; i < 1_000; i++) {
            out.outputLine(web, OutputSink.Stream.STDOUT, "line " + i);
        }
        out.outputLine(web, OutputSink.Stream.STDERR, "after the cap");
        out.hostFinished(new Outcome("web01", Status.OK, null, 0, null, "", "", "", 1, 1, null));

        String stored = read(store, run, RunOutput.Stream.STDOUT);
        assertThat(stored).startsWith("line 0\nline 1\n").endsWith("[output truncated at 100 bytes per host]\n");
        assertThat(stored.length()).isLessThan(100 + 50);
        assertThat(stored).containsOnlyOnce("[output truncated");
        assertThat(read(store, run, RunOutput.Stream.STDERR)).isEmpty();
    }

    @Test
    void capturedOutputIsCutOnACharacterAndMarked() {
        assertThat(OutputCap.truncate("short", 10)).isEqualTo("short");
        assertThat(OutputCap.truncate("ééééé", 5)).isEqualTo("éé\n[output truncated at 5 bytes per host]\n");
        assertThat(OutputCap.describe(10L * 1024 * 1024)).isEqualTo("10 MiB");
        assertThat(OutputCap.describe(512 * 1024)).isEqualTo("512 KiB");
        assertThat(OutputCap.utf8Length("a€😀")).isEqualTo(1 + 3 + 4);
    }

    private static String read(Store store, String run, RunOutput.Stream stream) throws Exception {
        try (Reader r = store.output().reader(run, "web01", stream)) {
            java.io.StringWriter w = new java.io.StringWriter();
            r.transferTo(w);
            return w.toString();
        }
    }
}
