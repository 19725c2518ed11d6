package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands planned for hosts, run here by /bin/sh on local files: no network needed. */
class QueriesTest {
    @TempDir
    Path dir;

    @Test
    void aBadRegexOrEmptyFileListIsBadInputBeforeAnythingRuns() {
        assertThatThrownBy(() -> new LogQuery(List.of("/var/log/x"), "ERROR(", null, null, false))
                .isInstanceOf(InputException.class).hasMessageContaining("--grep").hasMessageContaining("ERROR(");
        assertThatThrownBy(() -> new LogQuery(List.of(), null, null, null, false)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> new GrepQuery("[a-", List.of("/x"), false, false, 0))
                .isInstanceOf(InputException.class).hasMessageContaining("bad regular expression");
        // a fixed string is not a regex: brackets are fine
        new GrepQuery("[a-", List.of("/x"), false, true, 0);
    }

    @Test
    void tailShowsTheLastMatchingLinesOfEachFileTaggedByFileAndReportsMissingOnes() throws Exception {
        Path a = dir.resolve("a b.log");
        Files.write(a, List.of("1 ERROR one", "2 info", "3 ERROR two; $(touch pwned)", "4 info", "5 ERROR three"));
        LogQuery q = new LogQuery(List.of(a.toString(), dir.resolve("gone.log").toString()), "ERROR", null, 2, false);
        Result r = sh(q.remoteCommand(), q.remoteScript());
        assertThat(r.out).containsExactly("0 3 ERROR two; $(touch pwned)", "0 5 ERROR three");
        assertThat(r.err).contains("muster-logs:missing:1");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void sinceFiltersTheHistoryOnTheHost() throws Exception {
        Path a = dir.resolve("app.log");
        Files.write(a, List.of("2026-11-27T19:00:00Z old", "2026-11-27T20:30:00Z new", "more"));
        LogQuery q = new LogQuery(List.of(a.toString()), null, Instant.parse("2026-11-27T20:00:00Z"), null, false);
        assertThat(sh(q.remoteCommand(), q.remoteScript()).out).containsExactly("0 2026-11-27T20:30:00Z new", "0 more");
    }

    @Test
    void grepExpandsGlobsOnTheHostAndQuotesThePattern() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.write(dir.resolve("logs/a.log"), List.of("x trace=abc", "y", "TRACE=ABC z"));
        Files.write(dir.resolve("logs/b.log"), List.of("nothing"));
        GrepQuery q = new GrepQuery("trace=abc", List.of(dir + "/logs/*.log", dir + "/none/*.log"), true, false, 0);
        Result r = sh(q.remoteCommand(), null);
        assertThat(r.exit).isZero();
        assertThat(r.out).containsExactly(dir + "/logs/a.log\0" + "1:x trace=abc", dir + "/logs/a.log\0" + "3:TRACE=ABC z");
        assertThat(r.err).contains("muster-grep:files:2", "muster-grep:no-file:" + dir + "/none/*.log");
        Result first = sh(new GrepQuery("trace=abc", List.of(dir + "/logs/a.log"), true, true, 1).remoteCommand(), null);
        assertThat(first.out).containsExactly(dir + "/logs/a.log\0" + "1:x trace=abc");
        Result none = sh(new GrepQuery("'; touch pwned; '", List.of(dir + "/logs/*.log"), false, true, 0).remoteCommand(),
                null);
        assertThat(none.exit).isEqualTo(1);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    private record Result(int exit, List<String> out, List<String> err) {
    }

    private Result sh(String command, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile()).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).lines().toList(),
                new String(err, StandardCharsets.UTF_8).lines().toList());
    }
}
