package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.artifact;
import static dev.muster.files.release.ReleaseFixture.context;
import static dev.muster.files.release.ReleaseFixture.log;
import static dev.muster.files.release.ReleaseFixture.release;
import static dev.muster.files.release.ReleaseFixture.releases;
import static dev.muster.files.release.ReleaseFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.plan.PlanContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release step end to end through the local transport: real sh, cp, find, sha256sum, mv -T. */
class ReleaseStepTest {
    @TempDir
    Path tmp;

    private Path base() {
        return tmp.resolve("srv/app");
    }

    private Outcome release(String id, Map<String, String> files, String runId, Object... more) throws IOException {
        Path a = artifact(tmp, id, files);
        return run(ReleaseFixture.release(a, base(), context(tmp, runId, false, false), more));
    }

    @Test
    void firstReleaseUnpacksTheTreeAndPointsCurrentAtItWithARelativeSymlink() throws IOException {
        Outcome o = release("app-1.0", Map.of("bin/app", "v1\n", "conf/app.conf", "port=80\n"), "run-1");

        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        assertThat(o.message()).isEqualTo("released app-1.0: 4 created, 11 B sent");   // 2 directories, 2 files
        assertThat(Files.isSymbolicLink(base().resolve("current"))).isTrue();
        assertThat(Files.readSymbolicLink(base().resolve("current"))).isEqualTo(Path.of("releases/app-1.0"));
        assertThat(base().resolve("current/bin/app")).hasContent("v1");
        assertThat(base().resolve("releases/app-1.0/" + HostReleases.MARKER)).exists();
        assertThat(releases(base())).containsExactly("app-1.0");
        String sha = dev.muster.files.Hashing.sha256(tmp.resolve("app-1.0.tar.gz"));
        assertThat(log(base())).singleElement().satisfies(line ->
                assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ alice app-1.0 - " + sha + " run-1"));
    }

    @Test
    void secondReleaseSendsOnlyWhatChangedAndLeavesThePreviousReleaseIntact() throws IOException {
        String big = "x".repeat(100_000) + "\n";
        release("app-1", Map.of("lib/big.jar", big, "VERSION", "1\n", "old.txt", "gone soon\n"), "r1");
        Outcome o = release("app-2", Map.of("lib/big.jar", big, "VERSION", "2\n", "new.txt", "new\n"), "r2");

        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        // the report names every file that was sent or removed: the unchanged jar is not among them
        assertThat(o.stdout().lines().toList()).containsExactlyInAnyOrder("~ VERSION (content, 2 B)", "+ new.txt (4 B)",
                "- old.txt");
        assertThat(o.message()).contains("was app-1");
        assertThat(base().resolve("current/VERSION")).hasContent("2");
        assertThat(base().resolve("current/old.txt")).doesNotExist();
        assertThat(base().resolve("releases/app-1/VERSION")).hasContent("1");
        assertThat(base().resolve("releases/app-1/old.txt")).exists();
        // copied, not hard-linked: a chmod in the new release must not reach the old one
        assertThat(Files.isSameFile(base().resolve("releases/app-1/lib/big.jar"),
                base().resolve("releases/app-2/lib/big.jar"))).isFalse();
        assertThat(Files.getAttribute(base().resolve("releases/app-2/lib/big.jar"), "unix:nlink")).isEqualTo(1);
        assertThat(log(base()).get(1)).contains(" alice app-2 app-1 ").endsWith(" r2");
        assertThat(releases(base())).containsExactly("app-1", "app-2");
    }

    @Test
    void aReleaseAlreadyCurrentIsLeftAloneAndReportedOk() throws IOException {
        release("app-1", Map.of("a", "1\n"), "r1");
        Outcome again = release("app-1", Map.of("a", "1\n"), "r2");
        assertThat(again.status()).isEqualTo(Status.OK);
        assertThat(again.message()).isEqualTo("release app-1 is current");
        assertThat(log(base())).hasSize(1);
    }

    @Test
    void releasingAgainAnIdThatIsOnTheHostButNotCurrentReusesItAndSwitchesToIt() throws IOException {
        release("a1", Map.of("v", "1\n"), "r1");
        release("a2", Map.of("v", "2\n"), "r2");
        run(Releases.switchStep(base().toString(), "a1"));
        Outcome o = release("a2", Map.of("v", "2\n"), "r3");
        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        assertThat(o.stdout()).isEmpty();   // everything was already in releases/a2
        assertThat(base().resolve("current/v")).hasContent("2");
        try (Stream<Path> s = Files.list(base().resolve("releases"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a1", "a2");
        }
        assertThat(log(base()).getLast()).contains(" a2 a1 ").endsWith(" r3");
    }

    @Test
    void buildAndMigrateRunInsideTheNewReleaseBeforeTheSwitch() throws IOException {
        release("app-1", Map.of("a", "1\n"), "r1");
        Outcome o = release("app-2", Map.of("a", "2\n"), "r2",
                "build", "echo \"$MUSTER_RELEASE_ID after $MUSTER_PREVIOUS_RELEASE\" > built.txt; readlink ../../current",
                "migrate", "test -f built.txt && echo migrated");
        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        assertThat(base().resolve("releases/app-2/built.txt")).hasContent("app-2 after app-1");
        // during build, current still pointed at the old release
        assertThat(o.stdout()).contains("releases/app-1\n", "migrated\n");
    }

    @Test
    void aFailedBuildLeavesCurrentUntouchedAndNoPartialDirectory() throws IOException {
        release("app-1", Map.of("a", "1\n"), "r1");
        Outcome o = release("app-2", Map.of("a", "2\n"), "r2", "build", "echo compiling; exit 3",
                "migrate", "touch /never-here");
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.message()).isEqualTo("build failed (exit code 3); current left at app-1");
        assertThat(o.stdout()).contains("compiling");
        assertThat(Files.readSymbolicLink(base().resolve("current"))).isEqualTo(Path.of("releases/app-1"));
        assertThat(releases(base())).containsExactly("app-1");
        assertThat(log(base())).hasSize(1);
    }

    @Test
    void aFailedMigrationAlsoLeavesCurrentUntouched() throws IOException {
        release("app-1", Map.of("a", "1\n"), "r1");
        Outcome o = release("app-2", Map.of("a", "2\n"), "r2", "migrate", "exit 9");
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.message()).startsWith("migrate failed (exit code 9)");
        assertThat(base().resolve("current/a")).hasContent("1");
        assertThat(releases(base())).containsExactly("app-1");
    }

    @Test
    void keepZeroOrOneStillKeepsTheCurrentAndThePreviousRelease() throws IOException {
        for (int keep : new int[]{0, 1}) {
            Path b = tmp.resolve("keep" + keep);
            for (int i = 1; i <= 3; i++) {
                Path a = artifact(tmp, "k" + keep + "-" + i, Map.of("v", i + "\n"));
                Outcome o = run(ReleaseFixture.release(a, b, context(tmp, "r" + i, false, false), "keep", keep));
                assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
            }
            assertThat(releases(b)).containsExactly("k" + keep + "-2", "k" + keep + "-3");
        }
    }

    @Test
    void keepPrunesTheOldestByTheLogButNeverTheReleaseARollbackMadePrevious() throws IOException {
        release("a1", Map.of("v", "1\n"), "r1", "keep", 2);
        release("a2", Map.of("v", "2\n"), "r2", "keep", 2);
        release("a3", Map.of("v", "3\n"), "r3", "keep", 2);
        assertThat(releases(base())).containsExactly("a2", "a3");
        assertThat(run(Releases.switchStep(base().toString(), "a2")).status()).isEqualTo(Status.CHANGED);
        // current a2, and a4 replaces it: a3 is the oldest by the log and goes, a2 stays as previous
        Outcome o = release("a4", Map.of("v", "4\n"), "r4", "keep", 1);
        assertThat(o.message()).endsWith("; removed a3");
        assertThat(releases(base())).containsExactly("a2", "a4");
    }

    @Test
    void checkModeChangesNothingAndReportsTheFilesThatWouldChangeAgainstTheCurrentRelease() throws IOException {
        release("app-1", Map.of("a.txt", "one\n", "same", "s\n"), "r1");
        List<String> before = snapshot();
        Path a = artifact(tmp, "app-2", Map.of("a.txt", "two\n", "same", "s\n"));
        PlanContext check = context(tmp, "r2", true, true);
        Outcome o = run(ReleaseFixture.release(a, base(), check, "build", "touch /tmp/should-not-run"));

        assertThat(o.status()).as(o.message()).isEqualTo(Status.CHANGED);
        assertThat(o.message()).isEqualTo("would release app-2 (now app-1): 1 updated, 4 B to send; would run build/migrate");
        assertThat(o.stdout()).startsWith("~ a.txt (content, 4 B)\n").contains("-one", "+two");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void checkModeOnAHostWithoutReleasesReportsEveryFileAndCreatesNothing() throws IOException {
        Path a = artifact(tmp, "app-1", Map.of("a.txt", "one\n"));
        Outcome o = run(ReleaseFixture.release(a, base(), context(tmp, "r", true, false)));
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(o.stdout()).contains("+ a.txt (4 B)");
        assertThat(base()).doesNotExist();
    }

    @Test
    void aDirectoryArtifactIsReleasedAsItIsWithNoChecksumInTheLog() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("build/out"));
        Files.writeString(dir.resolve("index.html"), "hi\n");
        Outcome o = run(ReleaseFixture.release(dir, base(), context(tmp, "r1", false, false), "id", "site-7"));
        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        assertThat(base().resolve("current/index.html")).hasContent("hi");
        assertThat(log(base()).getFirst()).endsWith(" alice site-7 - - r1");
    }

    @Test
    void undoSwitchesBackToTheReleaseThatWasCurrentBeforeThisRun() throws IOException {
        release("a1", Map.of("v", "1\n"), "r1");
        release("a2", Map.of("v", "2\n"), "r2");
        Outcome undo = run(Releases.undoStep(base().toString(), "a2", "bob", "r2"));
        assertThat(undo.status()).as(undo.message()).isEqualTo(Status.CHANGED);
        assertThat(Files.readSymbolicLink(base().resolve("current"))).isEqualTo(Path.of("releases/a1"));
        assertThat(log(base()).getLast()).contains(" bob a1 a2 ").endsWith(" r2 rollback");
        assertThat(run(Releases.undoStep(base().toString(), "a2", "bob", "r2")).status()).isEqualTo(Status.OK);
        assertThat(run(Releases.undoStep(base().toString(), "a2", "bob", "other-run")).message())
                .contains("nothing to undo");
    }

    private List<String> snapshot() throws IOException {
        try (Stream<Path> all = Files.walk(tmp.resolve("srv"))) {
            return all.map(p -> {
                try {
                    return tmp.relativize(p) + " " + (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            ? Files.readString(p) + Files.getLastModifiedTime(p) : Files.isSymbolicLink(p)
                            ? Files.readSymbolicLink(p).toString() : "dir");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void theNextReleaseTrustsTheManifestForFilesWhoseSizeAndTimeAreUnchanged() throws IOException {
        String big = "x".repeat(100_000) + "\n";
        release("app-1", Map.of("lib/big.jar", big, "VERSION", "1\n"), "r1");
        Path manifest = base().resolve("releases/app-1/" + HostReleases.MANIFEST);
        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines.getFirst()).isEqualTo("muster-manifest 1 plain");
        String bigSha = dev.muster.files.Hashing.sha256(base().resolve("releases/app-1/lib/big.jar"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(bigSha + " 100001 ").endsWith(" lib/big.jar"));

        // a manifest that (falsely) records another hash for the jar is believed while size and time
        // match: the jar is then sent again, which proves the host did not hash it
        Files.write(manifest, lines.stream().map(l -> l.replace(bigSha, "0".repeat(64))).toList());
        Outcome trusted = release("app-2", Map.of("lib/big.jar", big, "VERSION", "2\n"), "r2");
        assertThat(trusted.stdout().lines().toList()).containsExactlyInAnyOrder("~ VERSION (content, 2 B)",
                "~ lib/big.jar (content, 97.7 KiB)");

        // once the file's time changes, the record is not used: the host hashes it, finds it equal
        Path jar = base().resolve("releases/app-2/lib/big.jar");
        Path manifest2 = base().resolve("releases/app-2/" + HostReleases.MANIFEST);
        Files.write(manifest2, Files.readAllLines(manifest2).stream().map(l -> l.replace(bigSha, "0".repeat(64))).toList());
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        Outcome hashed = release("app-3", Map.of("lib/big.jar", big, "VERSION", "3\n"), "r3");
        assertThat(hashed.stdout().lines().toList()).containsExactly("~ VERSION (content, 2 B)");
        assertThat(base().resolve("releases/app-3/" + HostReleases.MANIFEST)).exists();
        assertThat(base().resolve("releases/app-3/lib/big.jar")).hasContent(big.strip());
    }

    @Test
    void aReleaseThatRanABuildIsNotTrustedByTheNext() throws IOException {
        String big = "x".repeat(100_000) + "\n";
        release("app-1", Map.of("lib/big.jar", big), "r1", "build", "true");
        Path manifest = base().resolve("releases/app-1/" + HostReleases.MANIFEST);
        assertThat(Files.readAllLines(manifest).getFirst()).isEqualTo("muster-manifest 1 built");
        String bigSha = dev.muster.files.Hashing.sha256(base().resolve("releases/app-1/lib/big.jar"));
        Files.write(manifest, Files.readAllLines(manifest).stream().map(l -> l.replace(bigSha, "0".repeat(64))).toList());
        Outcome o = release("app-2", Map.of("lib/big.jar", big, "VERSION", "2\n"), "r2");
        assertThat(o.stdout().lines().toList()).containsExactly("+ VERSION (2 B)");
    }
}
