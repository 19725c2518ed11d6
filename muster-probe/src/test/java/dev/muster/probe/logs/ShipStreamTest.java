package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ship.sh run by this machine's sh on real files, its output fed to {@link ShipStream} in
 * random fragments: every line arrives once, in order, with the byte offsets it has in its file,
 * across a rotation (the old file's rest first), a truncation and a file that is not there yet.
 */
class ShipStreamTest {
    @TempDir
    Path dir;

    private final List<ShippedLine> lines = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final ShipListener listener = new ShipListener() {
        @Override
        public void line(ShippedLine line) {
            lines.add(line);
        }

        @Override
        public void notice(String host, String text) {
            notices.add(text);
        }
    };

    /** Runs the script once (no follow) as one command would, its output fed to a new stream in random fragments. */
    private void pass(Random random, String... args) throws Exception {
        ShipStream stream = new ShipStream("web01", List.of("app.log", "later.log"), listener);
        List<String> command = new ArrayList<>(List.of("sh", "-s", "--", "0", "0.1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().write(Scripts.SHIP.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        int i = 0;
        while (i < out.length) {
            int n = Math.min(out.length - i, 1 + random.nextInt(random.nextBoolean() ? 7 : 300));
            stream.write(OutputSink.Stream.STDOUT, out, i, n);
            i += n;
        }
    }

    private static String inode(Path f) throws Exception {
        return Files.getAttribute(f, "unix:ino").toString();
    }

    private static String randomLine(Random random, int i) {
        StringBuilder s = new StringBuilder("line " + i + " ");
        int len = random.nextInt(random.nextInt(10) == 0 ? 3000 : 60);
        for (int k = 0; k < len; k++) {
            s.append(random.nextInt(20) == 0 ? "é" : random.nextInt(30) == 0 ? "\r" : String.valueOf((char) ('a' + random.nextInt(26))));
        }
        return s.toString().replace("\r", "");
    }

    @Test
    void everyLineOnceInOrderWithItsOffsetsAcrossRotationTruncationAndAMissingFile() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path log = dir.resolve("app.log");
        List<String> written = new ArrayList<>();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            String l = randomLine(random, i);
            written.add(l);
            first.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        first.write("partial".getBytes(StandardCharsets.UTF_8));
        Files.write(log, first.toByteArray());
        String ino1 = inode(log);

        pass(random, "app.log", "", "0", "later.log", "", "-1");
        assertThat(lines).as("seed " + seed).extracting(ShippedLine::text).containsExactlyElementsOf(written);
        assertThat(notices).as("seed " + seed).containsExactly("later.log: no such file (yet)");
        long pos = 0;
        for (ShippedLine l : lines) {
            assertThat(l.offset()).as("seed " + seed).isEqualTo(pos);
            assertThat(l.inode()).isEqualTo(ino1);
            pos = l.next();
        }
        assertThat(pos).isEqualTo(first.size() - "partial".length());

        // the partial line is completed, the file rotated, the old one's rest read first, then the new one
        Files.writeString(log, " end\nafter\n", java.nio.file.StandardOpenOption.APPEND);
        Files.move(log, dir.resolve("app.log.1"));
        Files.writeString(log, "fresh 1\nfresh 2\n");
        lines.clear();
        pass(random, "app.log", ino1, Long.toString(pos), "later.log", "", "-1");
        assertThat(lines).extracting(ShippedLine::text).containsExactly("partial end", "after", "fresh 1", "fresh 2");
        assertThat(lines.get(0).offset()).isEqualTo(pos);
        assertThat(lines.get(2).inode()).isEqualTo(inode(log)).isNotEqualTo(ino1);
        assertThat(lines.get(2).offset()).isZero();
        assertThat(lines.get(3).next()).isEqualTo(Files.size(log));

        // truncated in place: read again from the start, and said so
        long end = lines.get(3).next();
        Files.writeString(log, "x\n");
        lines.clear();
        notices.clear();
        pass(random, "app.log", inode(log), Long.toString(end), "later.log", "", "-1");
        assertThat(lines).extracting(ShippedLine::text).containsExactly("x");
        assertThat(notices.getFirst()).startsWith("app.log: truncated in place");

        // the rotated file is gone before it was read: said so, then the new file from its start
        String ino2 = inode(log);
        Path next = Files.writeString(dir.resolve("app.log.new"), "newest\n"); // made first: no inode reuse
        Files.delete(log);
        Files.move(next, log);
        lines.clear();
        notices.clear();
        pass(random, "app.log", ino2, "0", "later.log", "", "-1");
        assertThat(lines).extracting(ShippedLine::text).containsExactly("newest");
        assertThat(notices.getFirst()).startsWith("app.log: rotated away and gone");
    }
}
