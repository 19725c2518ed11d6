package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** since.awk run by this machine's awk on captured line formats: the filter hosts run. */
class SinceAwkTest {
    private static final Instant SINCE = Instant.parse("2026-11-27T20:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");

    @TempDir
    Path dir;

    @Test
    void isoStampsWithAndWithoutZoneFractionsAndBrackets() throws Exception {
        assertThat(filter("+0000", "2026-11-27T19:59:59Z before", "2026-11-27T20:00:00.250Z first",
                "    at com.example.Thing(Thing.java:1)", "2026-11-27T19:30:00Z late write still follows"))
                .containsExactly("2026-11-27T20:00:00.250Z first", "    at com.example.Thing(Thing.java:1)",
                        "2026-11-27T19:30:00Z late write still follows");
        assertThat(filter("+0000", "[2026-11-27 20:59:59+01:00] before", "[2026-11-27 21:00:01 +0100] after"))
                .containsExactly("[2026-11-27 21:00:01 +0100] after");
        // No zone on the line: the host's own zone (here +01:00) says what it means.
        assertThat(filter("+0100", "2026-11-27 20:59:59,123 INFO before", "2026-11-27 21:00:00,001 INFO after"))
                .containsExactly("2026-11-27 21:00:00,001 INFO after");
        assertThat(filter("+0000", "<34>1 2026-11-27T19:00:00Z h app - - before", "<34>1 2026-11-27T20:00:01Z h app - - after"))
                .containsExactly("<34>1 2026-11-27T20:00:01Z h app - - after");
    }

    @Test
    void syslogStampsTakeTheHostsYearAndZone() throws Exception {
        assertThat(filter("-0500", "Nov 27 14:59:59 web01 app[12]: before", "Nov 27 15:00:00 web01 app[12]: after"))
                .containsExactly("Nov 27 15:00:00 web01 app[12]: after");
        assertThat(filter("+0000", "Nov  1 08:00:00 web01 cron: early", "Nov 27 20:00:00 web01 cron: on time"))
                .containsExactly("Nov 27 20:00:00 web01 cron: on time");
    }

    @Test
    void commonLogFormatStampsAnywhereOnTheLine() throws Exception {
        assertThat(filter("+0000", "10.0.0.1 - - [27/Nov/2026:19:59:59 +0000] \"GET / HTTP/1.1\" 200 12",
                "10.0.0.2 - - [27/Nov/2026:15:00:00 -0500] \"GET /x HTTP/1.1\" 404 0"))
                .containsExactly("10.0.0.2 - - [27/Nov/2026:15:00:00 -0500] \"GET /x HTTP/1.1\" 404 0");
    }

    @Test
    void linesWithoutAStampBeforeTheFirstPassingOneAreDropped() throws Exception {
        assertThat(filter("+0000", "no stamp", "Nov 99 xx", "2026-11-27T20:00:00Z in")).containsExactly(
                "2026-11-27T20:00:00Z in");
        assertThat(filter("+0000", "2026-11-27T10:00:00Z old", "tail of old")).isEmpty();
    }

    private List<String> filter(String zone, String... lines) throws IOException, InterruptedException {
        Path prog = dir.resolve("since.awk");
        Files.writeString(prog, Scripts.SINCE_AWK);
        Path in = dir.resolve("in.log");
        Files.write(in, List.of(lines));
        Process p = new ProcessBuilder("awk", "-v", "since=" + SINCE.getEpochSecond(), "-v", "zone=" + zone,
                "-v", "now=" + NOW.getEpochSecond(), "-f", prog.toString(), in.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
