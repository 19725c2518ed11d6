package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import dev.muster.testkit.Fault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster top` when stdout is not a terminal: one table (or JSON lines) per refresh, over
 * in-process SSH hosts that run the sample in a real shell (one shared kernel, so values are
 * alike; ordering by value is the renderer tests' job).
 */
@Timeout(120)
class TopCommandTest {
    private static FakeFleet fleet;

    @TempDir
    Path store;

    @BeforeAll
    static void start() throws Exception {
        fleet = FakeFleet.builder().dir(Files.createTempDirectory("muster-top-test-")).hosts(3).namePrefix("db")
                .commandMode(CommandMode.SHELL).baseAddress("127.0.47.1").start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @AfterEach
    void reset() {
        fleet.hosts().forEach(FakeHost::clearFaults);
    }

    private CliResult muster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--retries", "0"));
        return new FleetCli(fleet, store).muster(all.toArray(String[]::new));
    }

    @Test
    void countPrintsThatManyTablesSeparatedByABlankLine() {
        // 1s, not less: a host gets 3/4 of the interval, and a loaded test machine can be slow
        CliResult r = muster("top", "all", "--count", "2", "--interval", "1s");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> tables = List.of(r.out().split("\n\n"));
        assertThat(tables).hasSize(2);
        for (String table : tables) {
            List<String> lines = table.lines().toList();
            assertThat(lines.getFirst()).matches("muster top · all · 3 hosts · 3 up · 0 unreachable · 0 failed  "
                    + "\\d\\d:\\d\\d:\\d\\d");
            assertThat(lines).anyMatch(l -> l.matches("cpu% +p50 +\\d+\\.\\d +p90 .*"));
            assertThat(lines).anyMatch(l -> l.matches("HOST +\\*CPU% +LOAD1 +MEM% .*UPTIME"));
            assertThat(lines.stream().filter(l -> l.matches("db0[1-3] +\\d+\\.\\d +\\d+\\.\\d\\d +\\d+\\.\\d .*")))
                    .hasSize(3);
            assertThat(lines.getLast()).startsWith("sort cpu · every 1s · refresh ").contains(" · pool ");
        }
    }

    @Test
    void unreachableHostsAreShownAsSuchAndMakeTheExitOne() {
        fleet.host("db02").setFaults(Fault.REFUSE);
        CliResult r = muster("top", "all", "--count", "1", "--interval", "1s", "--sort", "host");
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.outLines();
        assertThat(lines.getFirst()).startsWith("muster top · all · 3 hosts · 2 up · 1 unreachable · 0 failed");
        assertThat(lines).contains("unreachable (1): db02");
        assertThat(lines).anyMatch(l -> l.startsWith("*HOST "));
        assertThat(lines.stream().filter(l -> l.startsWith("db0")).map(l -> l.substring(0, 4)))
                .containsExactly("db01", "db02", "db03");
        assertThat(lines).anyMatch(l -> l.matches("db02 +unreachable: .*refused.*"));
    }

    @Test
    void hostsThatHangAreCutOffAtThreeQuartersOfTheIntervalSoEveryRefreshArrives() {
        fleet.host("db02").setFaults(Fault.HANG_BEFORE_BANNER);
        fleet.host("db03").setFaults(Fault.slow(java.time.Duration.ofMinutes(5)));
        CliResult r = muster("top", "all", "--count", "2", "--interval", "1s", "--connect-timeout", "1s");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<String> tables = List.of(r.out().split("\n\n"));
        assertThat(tables).hasSize(2);
        for (String table : tables) {
            assertThat(table).contains("1 up").containsPattern("(?m)^db01 +\\d+\\.\\d ")
                    .containsPattern("(?m)^db02 +failed: timed out after 750ms$")
                    .containsPattern("(?m)^db03 +failed: .*(timed out after 750ms|did not finish within \\d+ ms).*$");
        }
    }

    @Test
    void jsonPrintsOneObjectPerHostPerRefresh() throws Exception {
        CliResult r = muster("top", "all", "--json", "--count", "2", "--interval", "1s", "--where", "mem>=0");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.outLines()) {
            nodes.add(new ObjectMapper().readTree(line));
        }
        assertThat(nodes).extracting(n -> n.get("round").asInt()).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.get("state").asText()).isEqualTo("ok");
            assertThat(n.get("cpu_percent").isNumber()).isTrue();
        });
    }

    @Test
    void badInputExitsTwoAndContactsNoHost() {
        long ran = fleet.totals().commandsRun();
        CliResult sort = muster("top", "all", "--sort", "fast", "--count", "1");
        assertThat(sort.exit()).isEqualTo(2);
        assertThat(sort.err()).contains("unknown column 'fast': expected host, cpu, load");
        CliResult where = muster("top", "all", "--where", "cpu>>80", "--count", "1");
        assertThat(where.exit()).isEqualTo(2);
        assertThat(where.err()).contains("--where:1:1: found 'cpu>>80'");
        CliResult tooFast = muster("top", "all", "--interval", "10ms", "--count", "1");
        assertThat(tooFast.exit()).isEqualTo(2);
        assertThat(tooFast.err()).contains("--interval: expected at least 250ms, found 10ms");
        CliResult notADuration = muster("top", "all", "--interval", "soon", "--count", "1");
        assertThat(notADuration.exit()).isEqualTo(2);
        assertThat(notADuration.err()).contains("'soon' is not a duration");
        CliResult count = muster("top", "all", "--count", "-1");
        assertThat(count.exit()).isEqualTo(2);
        for (CliResult r : List.of(sort, where, tooFast, notADuration, count)) {
            assertThat(r.out()).isEmpty();
        }
        assertThat(fleet.totals().commandsRun()).isEqualTo(ran);
    }

    @Test
    void ctrlCStopsCleanlyAfterTheLastWholeTableWithExit130() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), "dev.muster.cli.Main", "top",
                "all", "--interval", "250ms", "-i", fleet.inventory().toString(), "--known-hosts",
                fleet.knownHosts().toString(), "--identity", fleet.clientKey().privateKeyFile().toString(), "--store",
                store.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        while (lines.stream().filter(l -> l.startsWith("sort cpu · ")).count() < 2) {
            String line = out.readLine();
            assertThat(line).as("output so far: " + lines).isNotNull();
            lines.add(line);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(lines.getLast()).startsWith("sort cpu · ");
        assertThat(String.join("\n", lines)).doesNotContain("internal error").doesNotContain("Exception");
    }
}
