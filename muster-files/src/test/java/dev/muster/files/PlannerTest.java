package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepFailure;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner on plain data: a target and a listing in, a change set out; no host, no I/O. */
class PlannerTest {
    private static final long T = 1_700_000_000L;

    private static Entry file(String path, String content, long mtime) {
        return Entry.file(path, 0644, mtime, Content.of(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static RemoteEntry onHost(String path, Entry.Type type, int mode, long size, long mtime) {
        return new RemoteEntry(path, type, mode, "root", "root", 0, 0, size, mtime, null);
    }

    private static Remote.Listing listing(RemoteEntry... entries) {
        Map<String, RemoteEntry> m = new LinkedHashMap<>();
        for (RemoteEntry e : entries) {
            m.put(e.path(), e);
        }
        return new Remote.Listing(Remote.State.DIR, m);
    }

    private static SyncOptions delete() {
        return new SyncOptions(true, -1, false, false, false, null, null, null, false, null, null);
    }

    private static ChangeSet plan(Target target, Remote.Listing listing, Map<String, String> hashes, SyncOptions o)
            throws StepFailure {
        return Planner.plan(target, listing, hashes, o, Excludes.none(), "web01");
    }

    @Test
    void anAbsentTopIsMadeAndEverythingUnderItCreated() throws StepFailure {
        Target t = new Target("/srv/app", true, List.of(Entry.dir("css", 0755), file("css/a.css", "a{}", T),
                Entry.link("home", "index.html")));
        ChangeSet cs = plan(t, new Remote.Listing(Remote.State.ABSENT, Map.of()), Map.of(), SyncOptions.defaults());
        assertThat(cs.makeRoot).isTrue();
        assertThat(cs.report()).isEqualTo("+ ./\n+ css/\n+ css/a.css (3 B)\n+ home (-> index.html)\n");
        assertThat(cs.dirs).extracting(Entry::path).containsExactly("css");
        assertThat(cs.uploads).extracting(Entry::path).containsExactly("css/a.css");
        assertThat(cs.links).extracting(Entry::path).containsExactly("home");
    }

    @Test
    void aTopThatIsNotADirectoryFailsTheHost() {
        Target t = new Target("/srv/app", true, List.of(file("a", "x", T)));
        assertThatThrownBy(() -> plan(t, new Remote.Listing(Remote.State.NOT_A_DIR, Map.of()), Map.of(),
                SyncOptions.defaults())).isInstanceOf(StepFailure.class)
                .hasMessage("web01: /srv/app exists and is not a directory");
    }

    @Test
    void sizeAndTimeDecideAndOnlySameSizeOtherTimeFilesAreHashed() throws StepFailure {
        Target t = new Target("/srv", true, List.of(file("same", "aaa", T), file("newer", "bbb", T + 5),
                file("bigger", "cccc", T)));
        Remote.Listing l = listing(onHost("same", Entry.Type.FILE, 0644, 3, T),
                onHost("newer", Entry.Type.FILE, 0644, 3, T), onHost("bigger", Entry.Type.FILE, 0644, 3, T));
        assertThat(Planner.hashCandidates(t, l, SyncOptions.defaults())).containsExactly("newer");
        SyncOptions checksum = new SyncOptions(false, -1, false, false, false, null, null, null, true, null, null);
        assertThat(Planner.hashCandidates(t, l, checksum)).containsExactly("same", "newer");

        String sameHash = Content.of("bbb".getBytes(StandardCharsets.UTF_8)).sha256();
        ChangeSet cs = plan(t, l, Map.of("newer", sameHash), SyncOptions.defaults());
        // identical content with another time: the time is fixed silently, not a change
        assertThat(cs.report()).isEqualTo("~ bigger (content, 4 B)\n");
        assertThat(cs.fixes).containsExactly(new ChangeSet.Fix("newer", null, T + 5));
        assertThat(cs.uploads).extracting(Entry::path).containsExactly("bigger");

        ChangeSet differs = plan(t, l, Map.of("newer", "0".repeat(64)), SyncOptions.defaults());
        assertThat(differs.uploads).extracting(Entry::path).containsExactly("newer", "bigger");
    }

    @Test
    void modeAndOwnerDifferencesAreAttributeChanges() throws StepFailure {
        Target t = new Target("/srv", true, List.of(file("a", "x", T), Entry.dir("d", 0755)));
        Remote.Listing l = listing(onHost("a", Entry.Type.FILE, 0600, 1, T), onHost("d", Entry.Type.DIR, 0700, 0, 0));
        SyncOptions owned = new SyncOptions(false, -1, false, false, false, null, null, new Owner("www", null), false,
                null, null);
        ChangeSet cs = plan(t, l, Map.of(), owned);
        assertThat(cs.report()).isEqualTo("~ a (mode 0600 -> 0644, owner root:root -> www)\n"
                + "~ d/ (mode 0700 -> 0755, owner root:root -> www)\n");
        assertThat(cs.chown).containsExactly("a", "d");
        assertThat(cs.fixes).containsExactly(new ChangeSet.Fix("a", 0644, null), new ChangeSet.Fix("d", 0755, null));
        assertThat(cs.uploads).isEmpty();
    }

    @Test
    void aDirectoryWhereAFileGoesFailsWithoutDeleteAndIsClearedDeepestFirstWithIt() throws StepFailure {
        Target t = new Target("/srv", true, List.of(file("conf", "x", T)));
        Remote.Listing l = listing(onHost("conf", Entry.Type.DIR, 0755, 0, 0),
                onHost("conf/a", Entry.Type.FILE, 0644, 1, T), onHost("conf/b", Entry.Type.DIR, 0755, 0, 0),
                onHost("conf/b/c", Entry.Type.FILE, 0644, 1, T));
        assertThatThrownBy(() -> plan(t, l, Map.of(), SyncOptions.defaults())).isInstanceOf(StepFailure.class)
                .hasMessageContaining("conf is a directory on the host but a file here; remove it first, or push with "
                        + "--delete")
                .extracting(e -> ((StepFailure) e).kind()).isEqualTo(FailureKind.TRANSFER_FAILED);
        ChangeSet cs = plan(t, l, Map.of(), delete());
        assertThat(cs.clear).containsExactly("conf/b/c", "conf/b", "conf/a", "conf");
        assertThat(cs.deletes).isEmpty();
        assertThat(cs.report()).isEqualTo("~ conf (replaces a directory)\n- conf/a\n- conf/b/\n- conf/b/c\n");
    }

    @Test
    void deleteRemovesExtrasDeepestFirstButKeepsExcludedBackupsTempsAndTheirDirectories() throws StepFailure {
        Target t = new Target("/srv", true, List.of(file("keep", "x", T)));
        Remote.Listing l = listing(onHost("keep", Entry.Type.FILE, 0644, 1, T),
                onHost("old", Entry.Type.DIR, 0755, 0, 0), onHost("old/x", Entry.Type.FILE, 0644, 1, T),
                onHost("logs", Entry.Type.DIR, 0755, 0, 0), onHost("logs/app.log", Entry.Type.FILE, 0644, 1, T),
                onHost("keep.~20260101T000000~", Entry.Type.FILE, 0644, 1, T),
                onHost(".muster-tmp-0011223344556677", Entry.Type.FILE, 0644, 1, T));
        ChangeSet cs = Planner.plan(t, l, Map.of(), delete(), Excludes.of(List.of("*.log")), "web01");
        assertThat(cs.deletes).containsExactly("old/x", "old");
        assertThat(cs.staleTemps).containsExactly(".muster-tmp-0011223344556677");
        assertThat(cs.report()).isEqualTo("- old/\n- old/x\n");
    }

    @Test
    void aLinkToTheSameTargetIsLeftAndAnotherIsReplaced() throws StepFailure {
        Target t = new Target("/srv", true, List.of(Entry.link("a", "x"), Entry.link("b", "y")));
        Remote.Listing l = listing(new RemoteEntry("a", Entry.Type.LINK, 0777, "root", "root", 0, 0, 1, T, "x"),
                new RemoteEntry("b", Entry.Type.LINK, 0777, "root", "root", 0, 0, 1, T, "old"));
        ChangeSet cs = plan(t, l, Map.of(), SyncOptions.defaults());
        assertThat(cs.report()).isEqualTo("~ b (-> y)\n");
        assertThat(cs.links).extracting(Entry::path).containsExactly("b");
    }

    @Test
    void backupKeepsReplacedAndDeletedFiles() throws StepFailure {
        Target t = new Target("/srv", true, List.of(file("a", "new", T)));
        Remote.Listing l = listing(onHost("a", Entry.Type.FILE, 0644, 2, T), onHost("gone", Entry.Type.FILE, 0644, 1, T));
        SyncOptions backup = new SyncOptions(true, -1, true, false, false, null, null, null, false, null, null);
        ChangeSet cs = plan(t, l, Map.of(), backup);
        assertThat(cs.backups).containsExactly("a", "gone");
        assertThat(cs.summary(false)).isEqualTo("1 updated, 1 deleted, 3 B sent");
        assertThat(cs.summary(true)).isEqualTo("would change: 1 updated, 1 deleted, 3 B to send");
    }
}
