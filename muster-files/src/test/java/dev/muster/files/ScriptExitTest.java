package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit statuses between the generated scripts and the Java that reads them: each stage of a
 * real prepare script, run by this machine's sh, is made to fail and its status must name that
 * stage.
 */
class ScriptExitTest {
    private static final long T = 1_700_000_000L;
    @TempDir
    Path root;

    private static Entry file(String path, String content) {
        return Entry.file(path, 0644, T, Content.of(content.getBytes(StandardCharsets.UTF_8)));
    }

    private Placement placement(SyncOptions opts, Entry... entries) throws Exception {
        Target t = new Target(root.toString(), true, List.of(entries));
        ChangeSet cs = Planner.plan(t, new Remote.Listing(Remote.State.DIR, Map.of()), Map.of(), opts,
                Excludes.none(), "local");
        return Placement.of(cs, path -> path + ".muster-tmp-test");
    }

    private Integer run(PrepareScript s, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", s.text()).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException closedEarly) {
            // the script may end before reading its stdin
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the script ended").isTrue();
        return p.exitValue();
    }

    private PrepareScript script(Target target, Placement p, SyncOptions opts, boolean viaTar) {
        return PrepareScript.of(target, p, viaTar ? p.viaTar() : List.of(), opts, "20261127T120000", "MANIFEST");
    }

    private Target target() {
        return new Target(root.toString(), true, List.of());
    }

    private void writeTemp(Placement p, Entry e, String content) throws IOException {
        Files.writeString(root.resolve(p.temp(e)), content);
    }

    @Test
    void everyStageHasItsOwnStatusAndEachStatusNamesOneStage() {
        assertThat(Arrays.stream(ScriptExit.values()).map(ScriptExit::code).distinct()).hasSize(ScriptExit.values().length);
        for (ScriptExit e : ScriptExit.values()) {
            assertThat(ScriptExit.of(e.code())).contains(e);
            assertThat(e.code()).isBetween(3, 125);   // 1 and 2 are sh's own; above 125 the shell's and signals'
        }
        assertThat(ScriptExit.of(0)).isEmpty();
        assertThat(ScriptExit.of(1)).isEmpty();
        assertThat(ScriptExit.of(null)).isEmpty();
    }

    @Test
    void aTopThatCannotBeEnteredSaysSo() throws Exception {
        Entry a = file("a", "x");
        Placement p = placement(SyncOptions.defaults(), a);
        Target gone = new Target(root.resolve("gone").toString(), true, List.of());
        PrepareScript s = PrepareScript.of(gone, p, List.of(), SyncOptions.defaults(), "20261127T120000", "M");
        assertThat(ScriptExit.of(run(s, new byte[0]))).contains(ScriptExit.CANNOT_ENTER);
    }

    @Test
    void aTarStreamTheHostCannotUnpackSaysSo() throws Exception {
        Placement p = placement(SyncOptions.defaults(), file("a", "x"));
        PrepareScript s = script(target(), p, SyncOptions.defaults(), true);
        assertThat(ScriptExit.of(run(s, "not a tar stream\n".repeat(64).getBytes(StandardCharsets.UTF_8))))
                .contains(ScriptExit.TAR_UNUSABLE);
    }

    @Test
    void contentThatDoesNotMatchItsHashSaysSoInlineAndFromAManifest() throws Exception {
        Entry a = file("a", "wanted");
        Placement lean = placement(SyncOptions.defaults(), a);
        writeTemp(lean, a, "something else");
        assertThat(ScriptExit.of(run(script(target(), lean, SyncOptions.defaults(), false), new byte[0])))
                .contains(ScriptExit.NOT_VERIFIED);

        SyncOptions owned = new SyncOptions(false, -1, false, false, false, null, null, new Owner("0", null), false,
                null, null);
        Placement manifest = placement(owned, a);
        PrepareScript s = script(target(), manifest, owned, false);
        assertThat(s.manifestOnStdin()).isTrue();
        assertThat(ScriptExit.of(run(s, s.manifest()))).contains(ScriptExit.NOT_VERIFIED);
    }

    @Test
    void aChownThatFailsSaysSo() throws Exception {
        Entry a = file("a", "x");
        SyncOptions owned = new SyncOptions(false, -1, false, false, false, null, null,
                new Owner("no-such-user-muster", null), false, null, null);
        Placement p = placement(owned, a);
        writeTemp(p, a, "x");
        PrepareScript s = script(target(), p, owned, false);
        assertThat(ScriptExit.of(run(s, s.manifest()))).contains(ScriptExit.CHOWN_FAILED);
    }

    @Test
    void aBackupThatCannotBeMadeSaysSo() throws Exception {
        Entry a = file("a", "new");
        SyncOptions backup = new SyncOptions(false, -1, true, false, false, null, null, null, false, null, null);
        Target t = new Target(root.toString(), true, List.of(a));
        // the host had a different "a" when it was listed; it is gone now, so there is nothing to link
        ChangeSet cs = Planner.plan(t, new Remote.Listing(Remote.State.DIR, Map.of("a", new RemoteEntry("a",
                Entry.Type.FILE, 0644, "root", "root", 0, 0, 1, T, null))), Map.of(), backup, Excludes.none(), "local");
        Placement p = Placement.of(cs, path -> path + ".muster-tmp-test");
        writeTemp(p, a, "new");
        assertThat(ScriptExit.of(run(script(t, p, backup, false), new byte[0]))).contains(ScriptExit.BACKUP_FAILED);
    }

    @Test
    void aFileTheValidatorRefusesSaysSo() throws Exception {
        Entry a = file("a", "x");
        SyncOptions validate = new SyncOptions(false, -1, false, false, false, null, null, null, false,
                "grep -q never-there {}", null);
        Placement p = placement(validate, a);
        writeTemp(p, a, "x");
        assertThat(ScriptExit.of(run(script(target(), p, validate, false), new byte[0])))
                .contains(ScriptExit.NOT_VALID);
        assertThat(Files.exists(root.resolve("a"))).as("nothing was renamed into place").isFalse();
    }

    @Test
    void aRenameThatFailsSaysSo() throws Exception {
        // a link whose temporary was never written: nothing to verify, and its rename fails
        Placement p = placement(SyncOptions.defaults(), Entry.link("l", "target"));
        assertThat(p.renameHere()).isTrue();
        assertThat(ScriptExit.of(run(script(target(), p, SyncOptions.defaults(), false), new byte[0])))
                .contains(ScriptExit.RENAME_FAILED);
    }

    @Test
    void aScriptWhoseStagesPassRenamesEverythingIntoPlace() throws Exception {
        Entry a = file("a", "one");
        Entry b = file("b", "two");
        Placement p = placement(SyncOptions.defaults(), a, b);
        writeTemp(p, a, "one");
        writeTemp(p, b, "two");
        assertThat(run(script(target(), p, SyncOptions.defaults(), false), new byte[0])).isZero();
        assertThat(root.resolve("a")).hasContent("one");
        assertThat(root.resolve("b")).hasContent("two");
    }
}
