package dev.muster.files.release;

import static dev.muster.files.release.ReleaseFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller-side tar reader against archives made by the system's GNU tar. */
class TarReaderTest {
    @TempDir
    Path tmp;

    private Path tree() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(80);
        Files.createDirectories(src.resolve(deep));
        Files.writeString(src.resolve(deep + "/" + "long-name-".repeat(12) + ".txt"), "deep\n");
        Files.writeString(src.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(src.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(src.resolve("run.sh"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Files.createSymbolicLink(src.resolve("latest"), Path.of("run.sh"));
        Files.writeString(src.resolve("ünïcode.txt"), "u\n");
        Files.createDirectories(src.resolve("ro/inner"));
        Files.writeString(src.resolve("ro/inner/f"), "f\n");
        Files.setPosixFilePermissions(src.resolve("ro"), PosixFilePermissions.fromString("r-xr-x---"));
        return src;
    }

    private void assertSameTree(Path out) throws IOException {
        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(80);
        assertThat(out.resolve(deep + "/" + "long-name-".repeat(12) + ".txt")).hasContent("deep");
        assertThat(Files.getPosixFilePermissions(out.resolve("run.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(Files.getLastModifiedTime(out.resolve("run.sh")).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(Files.readSymbolicLink(out.resolve("latest"))).isEqualTo(Path.of("run.sh"));
        assertThat(out.resolve("ünïcode.txt")).hasContent("u");
        assertThat(out.resolve("ro/inner/f")).hasContent("f");
        assertThat(Files.getPosixFilePermissions(out.resolve("ro"))).isEqualTo(PosixFilePermissions.fromString("r-xr-x---"));
    }

    @Test
    void gnuFormatWithLongNamesGzipped() throws IOException {
        Path src = tree();
        sh(src, "tar", "--format=gnu", "-czf", tmp.resolve("a.tgz").toString(), ".");
        Path out = Files.createDirectories(tmp.resolve("out"));
        TarReader.unpack(tmp.resolve("a.tgz"), out);
        assertSameTree(out);
    }

    @Test
    void paxFormatUncompressed() throws IOException {
        Path src = tree();
        sh(src, "tar", "--format=pax", "-cf", tmp.resolve("a.tar").toString(), "run.sh", "latest", "ünïcode.txt", "ro", "ddd"
                .repeat(20));
        Path out = Files.createDirectories(tmp.resolve("out"));
        TarReader.unpack(tmp.resolve("a.tar"), out);
        assertSameTree(out);
    }

    @Test
    void aDotDotPathIsRefused() throws IOException {
        Path inner = Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/x"), "escape\n");
        sh(inner, "tar", "-P", "-cf", tmp.resolve("evil.tar").toString(), "../x");
        Path out = Files.createDirectories(tmp.resolve("out/inside"));
        assertThatThrownBy(() -> TarReader.unpack(tmp.resolve("evil.tar"), out))
                .isInstanceOf(TarReader.BadArchive.class).hasMessage("../x: path with '..' in the archive");
        assertThat(tmp.resolve("out/x")).doesNotExist();
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        Files.writeString(tmp.resolve("abs"), "x\n");
        sh(tmp, "tar", "-P", "-cf", tmp.resolve("abs.tar").toString(), tmp.resolve("abs").toString());
        assertThatThrownBy(() -> TarReader.unpack(tmp.resolve("abs.tar"), Files.createDirectories(tmp.resolve("out"))))
                .hasMessage(tmp.resolve("abs") + ": absolute path in the archive");
    }

    @Test
    void writingThroughASymlinkInTheArchiveIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("evil"), "x\n");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createSymbolicLink(src.resolve("link"), outside);
        sh(src, "tar", "-cf", tmp.resolve("link.tar").toString(), "link", "link/evil");
        Files.delete(outside.resolve("evil"));
        assertThatThrownBy(() -> TarReader.unpack(tmp.resolve("link.tar"), Files.createDirectories(tmp.resolve("out"))))
                .hasMessage("link/evil: path goes through the symbolic link link");
        assertThat(outside.resolve("evil")).doesNotExist();
    }

    @Test
    void somethingThatIsNotATarIsRefused() throws IOException {
        Files.write(tmp.resolve("junk.tar"), "not a tar at all".repeat(64).getBytes());
        assertThatThrownBy(() -> TarReader.unpack(tmp.resolve("junk.tar"), Files.createDirectories(tmp.resolve("o"))))
                .hasMessageStartingWith("not a tar archive");
    }
}
