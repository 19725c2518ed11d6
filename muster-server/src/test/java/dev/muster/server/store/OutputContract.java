package dev.muster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Output stored in chunks: written and read a chunk at a time, on every backend. */
abstract class OutputContract extends StoreTestBase {
    private static final RunOutput.Stream OUT = RunOutput.Stream.STDOUT;

    @Test
    void fiftyMegabyteOutputIsWrittenAndReadBackAChunkAtATime() throws Exception {
        begin(store, "big");
        RunOutput output = store.output();
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        long chars = 0;
        char[] line = new char[1024];
        try (Writer w = output.writer("big", "h1", OUT)) {
            for (int i = 0; chars < 50L * 1024 * 1024; i++) {
                fill(line, i);
                w.write(line);
                written.update(new String(line).getBytes(StandardCharsets.UTF_8));
                chars += line.length;
            }
        }
        int chunk = output.chunkChars();
        assertThat(output.chunks("big", "h1", OUT)).isEqualTo((int) ((chars + chunk - 1) / chunk));
        assertThat(output.longestChunk("big", "h1", OUT)).isEqualTo(chunk);

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long readChars = 0;
        char[] buf = new char[8192];
        try (Reader r = output.reader("big", "h1", OUT)) {
            for (int n; (n = r.read(buf)) > 0; readChars += n) {
                read.update(new String(buf, 0, n).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(readChars).isEqualTo(chars);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
    }

    @Test
    void chunksNeverSplitASurrogatePairAndNulIsReplaced() throws IOException {
        Store small = reopen(4);
        begin(small, "r");
        String text = "abc\uD83D\uDE00def\0g";
        try (Writer w = small.output().writer("r", "h1", OUT)) {
            for (char ch : text.toCharArray()) {
                w.write(ch);
            }
        }
        assertThat(readAll(small.output().reader("r", "h1", OUT))).isEqualTo("abc\uD83D\uDE00def\uFFFDg");
        assertThat(small.output().longestChunk("r", "h1", OUT)).isLessThanOrEqualTo(4);
    }

    @Test
    void aSecondWriterAppends() throws IOException {
        Store small = reopen(4);
        begin(small, "r");
        try (Writer w = small.output().writer("r", "h1", OUT)) {
            w.write("first-");
        }
        try (Writer w = small.output().writer("r", "h1", OUT)) {
            w.write("second");
        }
        assertThat(readAll(small.output().reader("r", "h1", OUT))).isEqualTo("first-second");
    }

    @Test
    void outcomeOutputReplacesStreamedOutputOnlyWhenItHasSome() throws IOException {
        begin(store, "r");
        try (Writer w = store.output().writer("r", "h1", OUT)) {
            w.write("streamed");
        }
        store.runs().outcome("r", new Outcome("h1", Status.OK, null, 0, null, "", "", "", 1, 1, null));
        assertThat(readAll(store.output().reader("r", "h1", OUT))).isEqualTo("streamed");
        store.runs().outcome("r", new Outcome("h1", Status.OK, null, 0, null, "final", "", "", 1, 1, null));
        assertThat(store.runs().load("r").orElseThrow().outcomes().getFirst().stdout()).isEqualTo("final");
    }

    @Test
    void outputOfAHostWithoutAnyIsEmpty() throws IOException {
        begin(store, "r");
        assertThat(readAll(store.output().reader("r", "nobody", RunOutput.Stream.STDERR))).isEmpty();
    }

    private static void fill(char[] line, int i) {
        String prefix = "line " + i + " ";
        for (int j = 0; j < line.length; j++) {
            line[j] = j < prefix.length() ? prefix.charAt(j) : (char) ('a' + (i + j) % 26);
        }
        line[line.length - 1] = '\n';
    }

    private static String readAll(Reader r) throws IOException {
        try (r) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[3];
            for (int n; (n = r.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        }
    }
}
