package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.artifact;
import static dev.muster.files.release.ReleaseFixture.context;
import static dev.muster.files.release.ReleaseFixture.log;
import static dev.muster.files.release.ReleaseFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching current back and forth, and listing releases, through the local transport. */
class ReleasesTest {
    @TempDir
    Path tmp;
    Path base;

    @BeforeEach
    void threeReleases() throws IOException {
        base = tmp.resolve("srv/app");
        for (String id : List.of("app-1", "app-2", "app-3")) {
            Path a = artifact(tmp, id, Map.of("VERSION", id + "\n"));
            Outcome o = run(ReleaseFixture.release(a, base, context(tmp, "run-" + id, false, false)));
            assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        }
    }

    private String current() throws IOException {
        return Files.readSymbolicLink(base.resolve("current")).toString();
    }

    @Test
    void listShowsCurrentPreviousAndReleasesOldestFirstAndParsesBack() {
        Outcome o = run(Releases.listStep(base + "/"));
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.stdout()).isEqualTo("current: app-3\nprevious: app-2\nreleases: app-1 app-2 app-3\n");
        assertThat(Releases.parse(o.stdout()))
                .isEqualTo(new Releases.Listing("app-3", "app-2", List.of("app-1", "app-2", "app-3")));
    }

    @Test
    void listOfAnEmptyBaseSaysSo() {
        Outcome o = run(Releases.listStep(tmp.resolve("nothing").toString()));
        assertThat(o.stdout()).isEqualTo("current: -\nprevious: -\nreleases: -\n");
        assertThat(Releases.parse(o.stdout())).isEqualTo(new Releases.Listing(null, null, List.of()));
    }

    @Test
    void switchToPreviousGoesBackAndLogsARollbackThenAgainGoesFurtherBack() throws IOException {
        Outcome back = run(Releases.switchStep(base.toString(), "previous", "carol", "rb-1", false));
        assertThat(back.status()).as(back.message()).isEqualTo(Status.CHANGED);
        assertThat(back.message()).isEqualTo("switched current app-3 → app-2");
        assertThat(current()).isEqualTo("releases/app-2");
        assertThat(log(base).getLast()).contains(" carol app-2 app-3 ").endsWith(" rb-1 rollback");
        // "previous" is what app-2 replaced when it was released (app-1), never the release just
        // rolled back from: after an automatic rollback it must not lead back to the bad one
        assertThat(Releases.parse(run(Releases.listStep(base.toString())).stdout()).previous()).isEqualTo("app-1");
        run(Releases.switchStep(base.toString(), "previous"));
        assertThat(current()).isEqualTo("releases/app-1");
    }

    @Test
    void switchToANamedReleaseAndToTheCurrentOne() throws IOException {
        assertThat(run(Releases.switchStep(base.toString(), "app-1")).status()).isEqualTo(Status.CHANGED);
        assertThat(current()).isEqualTo("releases/app-1");
        Outcome same = run(Releases.switchStep(base.toString(), "app-1"));
        assertThat(same.status()).isEqualTo(Status.OK);
        assertThat(same.message()).isEqualTo("current is already app-1");
        assertThat(log(base)).hasSize(4);
    }

    @Test
    void switchToAnUnknownOrIncompleteReleaseFailsAndChangesNothing() throws IOException {
        Files.createDirectories(base.resolve("releases/half"));
        for (String to : List.of("app-9", "half")) {
            Outcome o = run(Releases.switchStep(base.toString(), to));
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.message()).isEqualTo("release " + to + " is not a complete release in " + base + "/releases");
        }
        assertThat(current()).isEqualTo("releases/app-3");
        assertThatThrownBy(() -> Releases.switchStep(base.toString(), "../etc")).isInstanceOf(InputException.class);
    }

    @Test
    void previousFailsClearlyWhenTheLogNamesNone() throws IOException {
        Path fresh = tmp.resolve("fresh");
        run(ReleaseFixture.release(artifact(tmp, "only", Map.of("a", "1\n")), fresh, context(tmp, "r", false, false)));
        Outcome o = run(Releases.switchStep(fresh.toString(), "previous"));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.message()).isEqualTo("no previous release in " + fresh + "/revisions.log for current only");
    }

    @Test
    void checkModeSwitchReportsAndChangesNothing() throws IOException {
        Outcome o = run(Releases.switchStep(base.toString(), "app-1", "x", null, true));
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(o.message()).isEqualTo("would switch current app-3 → app-1");
        assertThat(current()).isEqualTo("releases/app-3");
        assertThat(log(base)).hasSize(3);
    }

    /** rm + ln would leave a moment without current; rename(2) over it never does. */
    @Test
    void readersNeverSeeCurrentMissingWhileItIsSwitched() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<String> missing = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    Files.readString(base.resolve("current/VERSION"));
                } catch (IOException e) {
                    missing.add(e.toString());
                }
            }
        });
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(run(Releases.switchStep(base.toString(), i % 2 == 0 ? "app-1" : "app-3")).status())
                        .isEqualTo(Status.CHANGED);
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertThat(missing).isEmpty();
        assertThat(Files.isSymbolicLink(base.resolve("current"))).isTrue();
        try (var s = Files.list(base)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("current", "releases",
                    "revisions.log");
        }
    }
}
