package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The prepare script as text: change sets planned from plain data, placed with fixed temporary
 * names, and the script compared with a golden file under
 * {@code src/test/resources/dev/muster/files/prepare/}. With {@code -Dmuster.golden.update=true}
 * the golden files are written instead (read the diff before committing it).
 */
class PrepareScriptTest {
    private static final long T = 1_700_000_000L;
    private static final String STAMP = "20261127T120000";
    private static final Path GOLDEN = Path.of("src/test/resources/dev/muster/files/prepare");

    /** Temporary names that are the same every run: .muster-tmp-0000000000000001, ...02, ... */
    private static UnaryOperator<String> fixedTemps() {
        AtomicInteger n = new AtomicInteger();
        Map<String, String> names = new LinkedHashMap<>();
        return path -> names.computeIfAbsent(path, p -> p.substring(0, p.lastIndexOf('/') + 1) + Remote.TEMP_PREFIX
                + String.format("%016x", n.incrementAndGet()));
    }

    private static Entry file(String path, int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        return Entry.file(path, 0644, T, Content.of(content));
    }

    private static Placement placed(Target target, Remote.Listing listing, SyncOptions opts) throws StepFailure {
        ChangeSet cs = Planner.plan(target, listing, Map.of(), opts, Excludes.none(), "web01");
        return Placement.of(cs, fixedTemps());
    }

    private static Remote.Listing empty() {
        return new Remote.Listing(Remote.State.DIR, Map.of());
    }

    private static SyncOptions opts(Owner owner, boolean backup, String validate) {
        return new SyncOptions(false, -1, backup, false, false, null, null, owner, false, validate, null);
    }

    private static void assertGolden(String name, PrepareScript script) throws IOException {
        Path file = GOLDEN.resolve(name + ".sh");
        if (Boolean.getBoolean("muster.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, script.text());
        }
        try (InputStream in = PrepareScriptTest.class.getResourceAsStream("prepare/" + name + ".sh")) {
            assertThat(in).as("golden file " + file).isNotNull();
            assertThat(script.text()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFewSmallFilesAreUnpackedCheckedInlineAndRenamedByOnePerl() throws Exception {
        Target t = new Target("/srv/app", true, List.of(file("index.html", 15), file("css/app.css", 7)));
        Placement p = placed(t, empty(), SyncOptions.defaults());
        assertThat(p.viaTar()).hasSize(2);
        assertThat(p.renameHere()).isTrue();
        PrepareScript s = PrepareScript.of(t, p, p.viaTar(), SyncOptions.defaults(), STAMP, "MANIFEST");
        assertThat(s.lean()).isTrue();
        assertThat(s.manifestOnStdin()).isFalse();
        assertThat(s.manifestInTar()).isFalse();
        assertGolden("small-files", s);
    }

    @Test
    void oneFileIsRenamedByMv() throws Exception {
        Target t = new Target("/etc/app", false, List.of(file("app.conf", 10)));
        Placement p = placed(t, empty(), SyncOptions.defaults());
        assertGolden("one-file", PrepareScript.of(t, p, p.viaTar(), SyncOptions.defaults(), STAMP, "MANIFEST"));
    }

    @Test
    void ownerBackupAndValidateReadAManifestFromTheTarStream() throws Exception {
        Target t = new Target("/etc/nginx", true, List.of(file("nginx.conf", 20), file("sites/a.conf", 5)));
        Remote.Listing l = new Remote.Listing(Remote.State.DIR, Map.of("nginx.conf", new RemoteEntry("nginx.conf",
                Entry.Type.FILE, 0644, "root", "root", 0, 0, 3, T, null)));
        SyncOptions o = opts(new Owner("www-data", "adm"), true, "nginx -t -c {}");
        Placement p = placed(t, l, o);
        PrepareScript s = PrepareScript.of(t, p, p.viaTar(), o, STAMP, "MANIFEST");
        assertThat(s.lean()).isFalse();
        assertThat(s.manifestInTar()).isTrue();
        assertThat(new String(s.manifest(), StandardCharsets.UTF_8)).isEqualTo(
                "H " + p.changes().uploads.get(0).content().sha256() + "  ./.muster-tmp-0000000000000001\n"
                        + "H " + p.changes().uploads.get(1).content().sha256() + "  ./sites/.muster-tmp-0000000000000002\n"
                        + "C ./.muster-tmp-0000000000000001\nC ./sites/.muster-tmp-0000000000000002\n");
        assertGolden("owner-backup-validate", s);
        // the host's tar could not unpack: the same files went over SFTP, the manifest comes on stdin
        PrepareScript again = PrepareScript.of(t, p, List.of(), o, STAMP, "MANIFEST");
        assertThat(again.manifestOnStdin()).isTrue();
        assertGolden("owner-backup-validate-no-tar", again);
    }

    @Test
    void manyFilesAreCheckedFromAManifestAndRenamedLater() throws Exception {
        List<Entry> files = new ArrayList<>();
        for (int i = 0; i <= Placement.RENAMES_IN_SCRIPT; i++) {
            files.add(file(String.format("f%02d", i), 3));
        }
        Target t = new Target("/srv/many", true, files);
        Placement p = placed(t, empty(), SyncOptions.defaults());
        assertThat(p.renameHere()).isFalse();
        PrepareScript s = PrepareScript.of(t, p, p.viaTar(), SyncOptions.defaults(), STAMP, "MANIFEST");
        assertGolden("many-files", s);
    }

    @Test
    void aLargeFileGoesOverSftpAndIsCheckedByOpensslFirst() throws Exception {
        Target t = new Target("/srv/big", true, List.of(file("blob.bin", 5 << 20)));
        Placement p = placed(t, empty(), SyncOptions.defaults());
        assertThat(p.viaTar()).isEmpty();
        assertThat(p.viaSftp()).hasSize(1);
        assertThat(p.sftpFirst()).isTrue();
        assertGolden("large-file", PrepareScript.of(t, p, p.viaTar(), SyncOptions.defaults(), STAMP, "MANIFEST"));
    }

    @Test
    void nothingToUploadChownOrBackUpNeedsNoScript() throws Exception {
        Target t = new Target("/srv", true, List.of(file("a", 3)));
        Remote.Listing same = new Remote.Listing(Remote.State.DIR, Map.of("a", new RemoteEntry("a", Entry.Type.FILE,
                0600, "root", "root", 0, 0, 3, T, null)));
        Placement p = placed(t, same, SyncOptions.defaults());
        assertThat(p.changes().changed()).isTrue();   // a mode fix, done over SFTP
        assertThat(PrepareScript.needed(p)).isFalse();
    }
}
