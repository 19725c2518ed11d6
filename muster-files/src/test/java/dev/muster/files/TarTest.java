package dev.muster.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by {@link Tar} are read back by the system's real tar, as a host would. */
class TarTest {
    @TempDir
    Path tmp;

    @Test
    void gnuTarExtractsNamesModesAndTimesExactly() throws Exception {
        String longName = "deep/" + "d".repeat(120) + "/.muster-tmp-0011223344556677";
        Files.createDirectories(tmp.resolve(longName).getParent());
        Files.createDirectories(tmp.resolve("ünï"));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        archive.writeBytes(Tar.entry("plain.txt", 0644, 1_700_000_000L, "plain\n".getBytes(StandardCharsets.UTF_8)));
        archive.writeBytes(Tar.entry(longName, 0600, 1_600_000_000L, "long\n".getBytes(StandardCharsets.UTF_8)));
        archive.writeBytes(Tar.entry("ünï/cödé.sh", 0755, 1_500_000_000L, new byte[1000]));
        archive.writeBytes(Tar.entry("empty", 0640, 1_400_000_000L, new byte[0]));
        archive.writeBytes(Tar.end());

        Process p = new ProcessBuilder("tar", "-x", "-p", "--no-same-owner", "-f", "-").directory(tmp.toFile())
                .redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(archive.toByteArray());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();

        assertThat(tmp.resolve("plain.txt")).hasContent("plain");
        assertThat(tmp.resolve(longName)).hasContent("long");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(longName))))
                .isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(tmp.resolve(longName)).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(Files.size(tmp.resolve("ünï/cödé.sh"))).isEqualTo(1000);
        assertThat(Files.isExecutable(tmp.resolve("ünï/cödé.sh"))).isTrue();
        assertThat(tmp.resolve("empty")).isEmptyFile();
    }

    @Test
    void aStreamedEntryIsTheSameBytesAndAFileThatShrankIsPaddedToItsRecordedSize() throws Exception {
        java.util.Random random = new java.util.Random(16);
        for (int size : new int[] {0, 1, 511, 512, 513, 100_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = tmp.resolve("f" + size);
            Files.write(file, data);
            String name = size == 513 ? "long/" + "n".repeat(120) : "f" + size;
            Tar.Segment seg = new Tar.Segment(Tar.head(name, 0644, 1_700_000_000L, size),
                    new Content.OnDisk(file, size));
            byte[] streamed;
            try (var in = seg.open()) {
                streamed = in.readAllBytes();
            }
            assertThat(streamed).as("size " + size).isEqualTo(Tar.entry(name, 0644, 1_700_000_000L, data));
            try (var in = Tar.concat(java.util.List.of(seg::open, seg::open))) {
                assertThat(in.readAllBytes()).hasSize(2 * streamed.length);
            }
        }
        Path shrank = tmp.resolve("shrank");
        Files.write(shrank, new byte[] {1, 2, 3});
        Tar.Segment seg = new Tar.Segment(Tar.head("shrank", 0644, 0, 700), new Content.OnDisk(shrank, 700));
        try (var in = seg.open()) {
            byte[] b = in.readAllBytes();
            assertThat(b).hasSize(512 + 1024);
            assertThat(b[512]).isEqualTo((byte) 1);
            assertThat(b[515]).isZero();
        }
    }
}
