package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.FileTransfer;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync step end to end through the local transport (real sh, find, sha256sum, rename). */
class SyncStepTest {
    @TempDir
    Path tmp;
    Path src;
    Path dest;

    @BeforeEach
    void tree() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        dest = tmp.resolve("dest");
        Files.writeString(src.resolve("index.html"), "<h1>hello</h1>\n");
        Files.createDirectories(src.resolve("css"));
        Files.writeString(src.resolve("css/app.css"), "body{}\n");
        Files.write(src.resolve("logo.bin"), new byte[]{0, 1, 2, 3, (byte) 255});
        Files.createSymbolicLink(src.resolve("home.html"), Path.of("index.html"));
    }

    private static SyncOptions opts() {
        return SyncOptions.defaults();
    }

    @Test
    void firstPushCreatesEverythingThenASecondPushChangesNothing() throws IOException {
        Outcome first = LocalPush.push(src, dest, opts());
        assertThat(first.status()).as(first.toString()).isEqualTo(Status.CHANGED);
        assertThat(first.stdout()).contains("+ ./", "+ index.html (15 B)", "+ css/", "+ css/app.css",
                "+ home.html (-> index.html)");
        assertThat(dest.resolve("css/app.css")).hasContent("body{}");
        assertThat(Files.readSymbolicLink(dest.resolve("home.html"))).isEqualTo(Path.of("index.html"));
        assertThat(Files.getLastModifiedTime(dest.resolve("index.html")).toMillis() / 1000)
                .isEqualTo(Files.getLastModifiedTime(src.resolve("index.html")).toMillis() / 1000);

        Outcome second = LocalPush.push(src, dest, opts());
        assertThat(second.status()).as(second.toString()).isEqualTo(Status.OK);
        assertThat(second.message()).isEqualTo("up to date");
        assertThat(second.stdout()).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void onlyChangedFilesAreSentAndSameContentWithANewTimeIsNotAChange() throws IOException {
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("css/app.css"), "body{color:red}\n");
        Files.setLastModifiedTime(src.resolve("index.html"), FileTime.fromMillis(946_684_800_000L));
        Outcome o = LocalPush.push(src, dest, opts());
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(o.stdout()).isEqualTo("~ css/app.css (content, 16 B)\n");
        assertThat(dest.resolve("css/app.css")).hasContent("body{color:red}");
        // the identical index.html only got its time fixed, so the next push is quick again
        assertThat(Files.getLastModifiedTime(dest.resolve("index.html")).toMillis()).isEqualTo(946_684_800_000L);
        assertThat(LocalPush.push(src, dest, opts()).status()).isEqualTo(Status.OK);
    }

    @Test
    void sameSizeSameTimeButDifferentContentNeedsChecksum() throws IOException {
        LocalPush.push(src, dest, opts());
        FileTime t = Files.getLastModifiedTime(dest.resolve("index.html"));
        Files.writeString(dest.resolve("index.html"), "<h1>HELLO</h1>\n");
        Files.setLastModifiedTime(dest.resolve("index.html"), t);
        assertThat(LocalPush.push(src, dest, opts()).status()).isEqualTo(Status.OK);
        SyncOptions checksum = new SyncOptions(false, -1, false, false, false, null, null, null, true, null, null);
        Outcome o = LocalPush.push(src, dest, checksum);
        assertThat(o.stdout()).isEqualTo("~ index.html (content, 15 B)\n");
        assertThat(dest.resolve("index.html")).hasContent("<h1>hello</h1>");
    }

    @Test
    void modeChangesAreReportedAndApplied() throws IOException {
        LocalPush.push(src, dest, opts());
        SyncOptions mode = new SyncOptions(false, -1, false, false, false, 0600, null, null, false, null, null);
        Outcome o = LocalPush.push(src, dest, mode);
        assertThat(o.stdout()).contains("~ index.html (mode 0644 -> 0600)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("index.html"))))
                .isEqualTo("rw-------");
    }

    @Test
    void dryRunReportsAndWritesNothing() {
        SyncOptions dry = new SyncOptions(false, -1, false, true, false, null, null, null, false, null, null);
        Outcome o = LocalPush.push(src, dest, dry);
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(o.message()).startsWith("would change: ");
        assertThat(dest).doesNotExist();
    }

    @Test
    void deleteRemovesExtrasButNeverExcludedOnesAndMaxDeleteRefusesTheHost() throws IOException {
        LocalPush.push(src, dest, opts());
        Files.createDirectories(dest.resolve("old/deeper"));
        Files.writeString(dest.resolve("old/deeper/a.txt"), "a");
        Files.writeString(dest.resolve("stale.txt"), "s");
        Files.writeString(dest.resolve("keep.log"), "k");
        Excludes ex = Excludes.of(List.of("*.log"));

        SyncOptions limited = new SyncOptions(true, 2, false, false, false, null, null, null, false, null, null);
        Outcome refused = LocalPush.push(src, dest, limited, ex);
        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.kind()).isEqualTo(FailureKind.LIMIT_EXCEEDED);
        assertThat(refused.message()).contains("4 paths would be deleted, more than --max-delete 2");
        assertThat(dest.resolve("stale.txt")).exists();

        SyncOptions delete = new SyncOptions(true, 4, false, false, false, null, null, null, false, null, null);
        Outcome o = LocalPush.push(src, dest, delete, ex);
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(o.stdout()).isEqualTo("- old/\n- old/deeper/\n- old/deeper/a.txt\n- stale.txt\n");
        assertThat(dest.resolve("old")).doesNotExist();
        assertThat(dest.resolve("keep.log")).exists();
    }

    @Test
    void backupKeepsTheReplacedVersionBesideIt() throws IOException {
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("index.html"), "<h1>v2</h1>\n");
        SyncOptions backup = new SyncOptions(false, -1, true, false, false, null, null, null, false, null, null);
        LocalPush.push(src, dest, backup);
        assertThat(dest.resolve("index.html")).hasContent("<h1>v2</h1>");
        try (Stream<Path> s = Files.list(dest)) {
            List<Path> backups = s.filter(p -> p.getFileName().toString().matches("index\\.html\\.~\\d{8}T\\d{6}~"))
                    .toList();
            assertThat(backups).hasSize(1);
            assertThat(backups.getFirst()).hasContent("<h1>hello</h1>");
        }
    }

    @Test
    void aFailedValidationKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("index.html"), "broken\n");
        SyncOptions validate = new SyncOptions(false, -1, false, false, false, null, null, null, false,
                "grep -q '<h1>' {}", null);
        Outcome o = LocalPush.push(src, dest, validate);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.kind()).isEqualTo(FailureKind.VALIDATION_FAILED);
        assertThat(dest.resolve("index.html")).hasContent("<h1>hello</h1>");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theHandlerRunsOnlyWhenSomethingChanged() throws IOException {
        Path log = tmp.resolve("handler.log");
        SyncOptions handler = new SyncOptions(false, -1, false, false, false, null, null, null, false, null,
                "echo reloaded >> " + log);
        assertThat(LocalPush.push(src, dest, handler).message()).endsWith("; on-change handler ran");
        LocalPush.push(src, dest, handler);
        assertThat(Files.readAllLines(log)).containsExactly("reloaded");
    }

    @Test
    void aPushThatFailsAfterAChangeOwesTheHandlerAndAnOwingRetryPaysIt() throws IOException {
        Path log = tmp.resolve("handler.log");
        SyncOptions handler = new SyncOptions(false, -1, false, false, false, null, null, null, false, null,
                "echo reloaded >> " + log);
        for (int i = 0; i < Placement.RENAMES_IN_SCRIPT + 4; i++) {
            Files.writeString(src.resolve("page" + i + ".html"), "page " + i + "\n");  // enough to rename over SFTP
        }
        AtomicInteger renames = new AtomicInteger();
        var broken = LocalPush.sabotaged(f -> new LocalPush.Forwarding(f) {
            @Override
            public void rename(String from, String to) throws StepFailure, InterruptedException {
                if (renames.incrementAndGet() == 2) {
                    throw new StepFailure(FailureKind.TRANSFER_FAILED, "disk on fire");
                }
                super.rename(from, to);
            }
        });
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), handler, Excludes.none());
        Outcome failed = LocalPush.run(step, broken);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.owed()).containsExactly("on-change: echo reloaded >> " + log);
        assertThat(log).doesNotExist();

        // what `muster retry` does: a fresh step, told the host is owed the handler
        SyncStep retry = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), handler, Excludes.none())
                .owing(List.of(LocalPush.HOST.name()));
        Outcome paid = LocalPush.run(retry, new dev.muster.core.local.LocalTransport());
        assertThat(paid.status()).isEqualTo(Status.CHANGED);
        assertThat(paid.owed()).isEmpty();
        assertThat(Files.readAllLines(log)).containsExactly("reloaded");
        assertThat(LocalPush.push(src, dest, handler).status()).isEqualTo(Status.OK);
        assertThat(Files.readAllLines(log)).containsExactly("reloaded");
    }

    @Test
    void aSingleFileGoesToTheNamedPath() throws IOException {
        Path target = tmp.resolve("etc/app.conf");
        Outcome o = LocalPush.push(src.resolve("index.html"), target, opts());
        assertThat(o.status()).as(o.toString()).isEqualTo(Status.CHANGED);
        assertThat(target).hasContent("<h1>hello</h1>");
        assertThat(LocalPush.push(src.resolve("index.html"), target, opts()).status()).isEqualTo(Status.OK);
    }

    @Test
    void contentCorruptedOnTheWayIsCaughtOnTheHostAndReplacesNothing() throws IOException {
        byte[] big = new byte[(int) Placement.TAR_MAX_FILE + 1000];  // large: goes over SFTP
        java.util.Arrays.fill(big, (byte) 'a');
        Files.write(src.resolve("index.html"), big);
        LocalPush.push(src, dest, opts());
        big[10] = 'b';
        Files.write(src.resolve("index.html"), big);
        Files.setLastModifiedTime(src.resolve("index.html"), FileTime.fromMillis(1_600_000_000_000L));
        var corrupting = LocalPush.sabotaged(f -> new LocalPush.Forwarding(f) {
            @Override
            public long upload(String path, java.io.InputStream content, int mode, long mtime)
                    throws StepFailure, InterruptedException {
                byte[] b;
                try {
                    b = content.readAllBytes();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                b[0] ^= 1;  // same length, different bytes: only the hash can tell
                return super.upload(path, new java.io.ByteArrayInputStream(b), mode, mtime);
            }
        });
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        Outcome o = LocalPush.run(step, corrupting);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.kind()).isEqualTo(FailureKind.TRANSFER_FAILED);
        assertThat(o.message()).contains("did not verify");
        assertThat(Files.readAllBytes(dest.resolve("index.html"))[10]).isEqualTo((byte) 'a');
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void withoutOpensslOnTheHostCoreutilsChecksTheUploadsAndAWrongHashStillReplacesNothing() throws IOException {
        Files.writeString(src.resolve("a.txt"), "one\n");
        Files.writeString(src.resolve("b c.txt"), "two\n");
        // the host has no openssl: the hashes are checked by sha256sum
        var noOpenssl = LocalPush.sabotagedExec(r -> r.withCommand("openssl() { return 127; }\n" + r.command()));
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        assertThat(LocalPush.run(step, noOpenssl).status()).isEqualTo(Status.CHANGED);
        assertThat(Files.readString(dest.resolve("b c.txt"))).isEqualTo("two\n");

        Files.writeString(src.resolve("a.txt"), "uno, dos\n");
        // ...and a sha256sum that disagrees with the manifest stops the push before any rename
        var lying = LocalPush.sabotagedExec(r -> r.withCommand("openssl() { return 127; }\n"
                + "sha256sum() { command sha256sum \"$@\" | sed 's/^./f/'; }\n" + r.command()));
        step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        Outcome o = LocalPush.run(step, lying);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.message()).contains("did not verify");
        assertThat(Files.readString(dest.resolve("a.txt"))).isEqualTo("one\n");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFewChangedSmallFilesArePlacedByTheListingsOwnShellInOneCommand() throws IOException {
        Files.writeString(src.resolve("a.txt"), "one\n");
        Files.writeString(src.resolve("b.txt"), "two\n");
        Files.writeString(src.resolve("c.txt"), "three\n");
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("a.txt"), "one, changed\n");
        Files.writeString(src.resolve("c.txt"), "three, changed\n");
        List<String> commands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        var counting = LocalPush.sabotagedExec(r -> {
            commands.add(r.command());
            return r;
        });
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        Outcome o = LocalPush.run(step, counting);
        assertThat(o.status()).isEqualTo(Status.CHANGED);
        assertThat(commands).as("listing, upload, verify and rename: one command").hasSize(1);
        assertThat(Files.readString(dest.resolve("a.txt"))).isEqualTo("one, changed\n");
        assertThat(Files.readString(dest.resolve("c.txt"))).isEqualTo("three, changed\n");
        assertThat(Files.readString(dest.resolve("b.txt"))).isEqualTo("two\n");
        assertThat(leftovers()).isEmpty();

        commands.clear();
        step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        assertThat(LocalPush.run(step, counting).status()).isEqualTo(Status.OK);
        assertThat(commands).as("a no-op: the listing only").hasSize(1);
    }

    @Test
    void withoutPerlOnTheHostEachFileIsRenamedByMv() throws IOException {
        Files.writeString(src.resolve("a.txt"), "one\n");
        Files.writeString(src.resolve("b.txt"), "two\n");
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("a.txt"), "one, changed\n");
        Files.writeString(src.resolve("b.txt"), "two, changed\n");
        // "command -v perl" finds nothing: the mv branch runs (a perl that ran would fail the push)
        var noPerl = LocalPush.sabotagedExec(r -> r.withCommand(
                "command() { [ \"$1\" = -v ] && [ \"$2\" = perl ] && return 1; builtin command \"$@\"; }\n"
                        + "perl() { exit 99; }\n" + r.command()));
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        assertThat(LocalPush.run(step, noPerl).status()).isEqualTo(Status.CHANGED);
        assertThat(Files.readString(dest.resolve("a.txt"))).isEqualTo("one, changed\n");
        assertThat(Files.readString(dest.resolve("b.txt"))).isEqualTo("two, changed\n");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void withoutCoreutilsHashingOnTheHostOpensslChecksTheUploads() throws IOException {
        Files.writeString(src.resolve("a.txt"), "one\n");
        var noSha256sum = LocalPush.sabotagedExec(r -> r.withCommand("sha256sum() { return 127; }\n" + r.command()));
        SyncStep step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        assertThat(LocalPush.run(step, noSha256sum).status()).isEqualTo(Status.CHANGED);
        Files.writeString(src.resolve("a.txt"), "one, two\n");
        var lying = LocalPush.sabotagedExec(r -> r.withCommand("sha256sum() { return 127; }\n"
                + "openssl() { command openssl \"$@\" | sed 's/^./f/'; }\n" + r.command()));
        step = Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(), Excludes.none());
        assertThat(LocalPush.run(step, lying).message()).contains("did not verify");
        assertThat(Files.readString(dest.resolve("a.txt"))).isEqualTo("one\n");
    }

    @Test
    void manySmallFilesGoInOneTarStreamAndWithoutTarOverSftp() throws IOException {
        for (int i = 0; i < 12; i++) {
            Files.writeString(src.resolve("css/f" + i + ".css"), "f" + i + "\n");
        }
        java.util.List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        var noTar = LocalPush.sabotagedExec(r -> {
            commands.add(r.command());
            // a host whose tar cannot unpack the stream
            return r.withCommand(r.command().replace("tar -x -p --no-same-owner -f -", "false"));
        });
        Outcome o = LocalPush.run(Push.step(LocalTree.scan(src, Excludes.none()), dest.toString(), opts(),
                Excludes.none()), noTar);
        assertThat(o.status()).as(o.message() + o.stderr()).isEqualTo(Status.CHANGED);
        assertThat(commands).anyMatch(c -> c.contains("tar -x"));
        assertThat(dest.resolve("css/f11.css")).hasContent("f11");

        Path dest2 = tmp.resolve("dest2");
        Outcome viaTar = LocalPush.push(src, dest2, opts());
        assertThat(viaTar.status()).isEqualTo(Status.CHANGED);
        assertThat(dest2.resolve("css/f7.css")).hasContent("f7");
        assertThat(LocalPush.push(src, dest2, opts()).status()).isEqualTo(Status.OK);
    }

    @Test
    void diffShowsTextChangesAndSaysSoForBinaryOnes() throws IOException {
        LocalPush.push(src, dest, opts());
        Files.writeString(src.resolve("css/app.css"), "body{}\np{margin:0}\n");
        Files.write(src.resolve("logo.bin"), new byte[]{0, 9, 9, 9, 9, 9});
        SyncOptions diff = new SyncOptions(false, -1, false, true, true, null, null, null, false, null, null);
        Outcome o = LocalPush.push(src, dest, diff);
        assertThat(o.stdout()).contains("--- " + dest.resolve("css/app.css") + "\n+++ " + dest.resolve("css/app.css")
                + "\n@@ -1 +1,2 @@\n body{}\n+p{margin:0}\n");
        assertThat(o.stdout()).contains("Binary files " + dest.resolve("logo.bin") + " and " + dest.resolve("logo.bin")
                + " differ\n");
        assertThat(dest.resolve("css/app.css")).hasContent("body{}");
    }

    private List<Path> leftovers() throws IOException {
        if (!Files.exists(dest)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dest)) {
            return s.filter(p -> p.getFileName().toString().startsWith(Remote.TEMP_PREFIX)).toList();
        }
    }
}
