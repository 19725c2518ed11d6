package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real inotify on a temporary directory; the quiet period is long so a burst cannot be split by a loaded machine. */
class TreeWatchTest {
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void aBurstOfEditsIsOneChangeAndNewDirectoriesAreWatchedToo() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        try (TreeWatch w = TreeWatch.start(dir, Excludes.none())) {
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> w.awaitChange(QUIET));
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("f" + i + ".txt"), "x" + i);
            }
            Files.createDirectories(dir.resolve("sub"));
            assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
            // the burst was drained: the next wait sees only the next edit, in the new directory
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> w.awaitChange(QUIET));
            Files.writeString(dir.resolve("sub/new.txt"), "n");
            assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void editsOfExcludedPathsAreIgnoredAndCloseEndsTheWait() throws Exception {
        Files.createDirectories(dir.resolve("cache"));
        try (TreeWatch w = TreeWatch.start(dir, Excludes.of(List.of("*.log", "cache/")))) {
            CompletableFuture<Boolean> wait = CompletableFuture.supplyAsync(() -> w.awaitChange(QUIET));
            Files.writeString(dir.resolve("app.log"), "ignored");
            Files.writeString(dir.resolve("cache/x"), "ignored");
            Thread.sleep(QUIET.toMillis() * 2);  // give an (unwanted) change time to be reported
            assertThat(wait).isNotDone();
            w.close();
            assertThat(wait.get(30, TimeUnit.SECONDS)).isFalse();
        }
    }
}
