package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster logs` and `muster grep` on in-process hosts that run commands with /bin/sh in their own
 * directory (relative paths are per host): output format, --json, exit codes, bad input.
 */
class LogsCommandTest {
    private static final int HOSTS = 6;
    private static FakeFleet fleet;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        fleet = FakeFleet.builder().dir(dir.resolve("fleet")).hosts(HOSTS).namePrefix("web")
                .commandMode(CommandMode.SHELL).start();
        for (int i = 1; i <= HOSTS; i++) {
            String host = String.format("web%02d", i);
            write(host, "logs/app.log", "2026-11-27T10:00:00Z INFO start", "2026-11-27T10:00:01Z ERROR pool exhausted",
                    i == 2 || i == 5 ? "2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay" : "2026-11-27T10:00:02Z INFO ok");
            write(host, "logs/other.log", "nothing to see");
        }
        Files.delete(fleet.host("web06").dir().resolve("logs/app.log"));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static void write(String host, String path, String... lines) throws Exception {
        Path p = fleet.host(host).dir().resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, List.of(lines));
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, dir.resolve("store")).muster(args);
    }

    @Test
    void logsPrefixesEachLineByItsHostAndReportsAMissingFileForThatHostOnly() {
        CliResult r = muster("logs", "web0[1-6]", "logs/app.log", "--grep", "ERROR|WARN", "-n", "5");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.outLines()).contains("web01 | 2026-11-27T10:00:01Z ERROR pool exhausted",
                "web02 | 2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay").hasSize(7)
                .noneMatch(l -> l.contains("INFO"));
        assertThat(r.err()).contains("web06 | no such file: logs/app.log")
                .contains("logs: 6 hosts · 5 ok · 1 failed · 7 lines")
                .contains("web06 (1): failed: no such file: logs/app.log");
    }

    @Test
    void severalFilesAreNamedInThePrefixAndMaxLinesStopsTheWholeRun() {
        CliResult r = muster("logs", "web01", "logs/app.log", "logs/other.log", "-n", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactlyInAnyOrder("web01 logs/app.log   | 2026-11-27T10:00:02Z INFO ok",
                "web01 logs/other.log | nothing to see");
        CliResult capped = muster("logs", "web0[1-5]", "logs/app.log", "--max-lines", "4");
        assertThat(capped.exit()).as(capped.err()).isZero();
        assertThat(capped.outLines()).hasSize(4);
        assertThat(capped.err()).contains("stopped at --max-lines 4");
    }

    @Test
    void logsJsonIsOneObjectPerLineOrProblemThenASummary() {
        CliResult r = muster("logs", "web0[5-6]", "logs/app.log", "-n", "1", "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.outLines()).containsExactlyInAnyOrder(
                "{\"host\":\"web05\",\"file\":\"logs/app.log\",\"text\":\"2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay\"}",
                "{\"host\":\"web06\",\"problem\":\"no such file: logs/app.log\"}", r.outLines().getLast());
        assertThat(r.outLines().getLast()).startsWith("{\"summary\":{\"hosts\":2,\"ok\":1,\"failed\":1,\"lines\":1,")
                .contains("\"failures\":[{\"host\":\"web06\",\"status\":\"failed\",\"message\":\"no such file: logs/app.log\"}]");
    }

    @Test
    void sinceReadsStampsOnTheHost() {
        CliResult r = muster("logs", "web01", "logs/app.log", "--since", "2026-11-27T10:00:01Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly("web01 | 2026-11-27T10:00:01Z ERROR pool exhausted",
                "web01 | 2026-11-27T10:00:02Z INFO ok");
    }

    @Test
    void badInputExitsTwoAndRunsNothing() throws Exception {
        long before = fleet.totals().commandsRun();
        assertThat(muster("logs", "all", "logs/app.log", "--grep", "ERROR(").exit()).isEqualTo(2);
        CliResult since = muster("logs", "all", "logs/app.log", "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("--since");
        assertThat(muster("grep", "all", "[a-", "logs/*.log").exit()).isEqualTo(2);
        assertThat(muster("grep", "nosuchhost", "x", "logs/*.log").exit()).isEqualTo(2);
        for (String[] ship : new String[][] {{"--to", "http://broker:9092/logs"}, {"--to", "kafka://broker/logs"},
                {"--to", "kafka://127.0.0.1:9/logs", "--grep", "ERROR"}, {"--to", "kafka://127.0.0.1:9/a b"},
                {"--to", "kafka://127.0.0.1:9/logs", "--trace-regex", "trace=\\w+"},
                {"--to", "kafka://127.0.0.1:9/logs", "--trace-regex", "(unclosed"}, {"--from-start"},
                {"--to", "kafka://127.0.0.1:9/logs", "--poll", "0s"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("logs", "all", "logs/app.log"));
            args.addAll(java.util.List.of(ship));
            CliResult r = muster(args.toArray(String[]::new));
            assertThat(r.exit()).as(args + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", ship)).containsAnyOf("--to", "--trace-regex", "--poll");
        }
        assertThat(fleet.totals().commandsRun()).isEqualTo(before);
    }

    @Test
    void grepDashIFollowedByAFileNamesBothReadingsAndRunsNothing() throws Exception {
        java.nio.file.Path inventory = java.nio.file.Files.writeString(dir.resolve("inv.ini"), "[web]\nweb01\n");
        CliResult r = CliResult.run(java.util.List.of("grep", "-i", inventory.toString(), "all", "ERROR", "logs/*.log"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("in muster grep, -i is --ignore-case as in grep")
                .contains("for an inventory write --inventory " + inventory);
    }

    @Test
    void aMissingInventoryAfterGrepDashISaysWhatDashIMeansHere() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MUSTER_INVENTORY") == null);
        CliResult r = CliResult.run(java.util.List.of("grep", "-i", "all", "ERROR", "logs/*.log"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("no inventory").contains("in muster grep, -i means --ignore-case");
    }

    @Test
    void grepFoldsIdenticalLinesByHostSetAndCountsPerHost() {
        CliResult r = muster("grep", "all", "ERROR|trace=4bf9", "logs/*.log");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "web[01-05] (5): logs/app.log: 2026-11-27T10:00:01Z ERROR pool exhausted",
                "web[02,05] (2): logs/app.log: 2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay",
                "--",
                "web[01,03-04] (3): 1 match in 1 of 2 files",
                "web[02,05] (2): 2 matches in 1 of 2 files",
                "web06 (1): no match in 1 file",
                r.outLines().getLast());
        assertThat(r.outLines().getLast()).startsWith("grep: 6 hosts · 5 matched · 1 no match · 0 failed · ");
    }

    @Test
    void grepNoMatchIsNotAFailureAndAGlobMatchingNothingIs() {
        CliResult r = muster("grep", "web0[1-2]", "-i", "-F", "TRACE=4BF9", "logs/*.log");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.outLines()).contains("web02 (1): logs/app.log:3: 2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay",
                "web01 (1): no match in 2 files");
        CliResult each = muster("grep", "web0[1-2]", "trace=", "logs/app.log", "--lines");
        assertThat(each.outLines().getFirst())
                .isEqualTo("web02 | logs/app.log:3: 2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay");
        CliResult none = muster("grep", "web01", "x", "nowhere/*.log");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("web01 (1): failed (grep exit 2)\n    no file matches nowhere/*.log");
    }

    @Test
    void grepJsonIsOneObjectPerHostThenASummary() {
        CliResult r = muster("grep", "web0[1-3]", "trace=", "logs/app.log", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(4);
        assertThat(r.outLines().get(1)).isEqualTo("{\"host\":\"web02\",\"status\":\"matched\",\"files_searched\":1,"
                + "\"match_count\":1,\"matches\":[{\"file\":\"logs/app.log\",\"line\":3,"
                + "\"text\":\"2026-11-27T10:00:02Z WARN trace=4bf9 slow /pay\"}],\"errors\":[],\"message\":\"\"}");
        assertThat(r.outLines().get(0)).contains("\"status\":\"no-match\"");
        assertThat(r.outLines().get(3)).startsWith("{\"summary\":{\"hosts\":3,\"matched\":1,\"no_match\":2,\"failed\":0,");
    }
}
