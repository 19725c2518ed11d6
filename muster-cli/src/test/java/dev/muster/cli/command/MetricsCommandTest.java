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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster metrics` end to end over in-process SSH hosts that run the sample command in a real
 * shell: every host reads this machine's /proc (one shared kernel), so values are alike; per-host
 * differences are the parser tests' job.
 */
@Timeout(120)
class MetricsCommandTest {
    private static FakeFleet fleet;

    @TempDir
    Path store;

    @BeforeAll
    static void start() throws Exception {
        fleet = FakeFleet.builder().dir(Files.createTempDirectory("muster-metrics-test-")).hosts(3).namePrefix("db")
                .env("prod").group("db", List.of("db01", "db02", "db03")).commandMode(CommandMode.SHELL)
                .baseAddress("127.0.45.1").start();
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
        all.addAll(List.of("--interval", "200ms", "--retries", "0"));
        return new FleetCli(fleet, store).muster(all.toArray(String[]::new));
    }

    @Test
    void aTableHasOneRowPerHostAndUnreachableHostsSayWhy() {
        fleet.host("db02").setFaults(Fault.REFUSE);
        CliResult r = muster("metrics", "all");
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.outLines();
        assertThat(lines.getFirst()).matches("HOST +CPU% +LOAD1 +MEM% +SWAP% +DISK% +NET RX/s +NET TX/s +DISK R/s "
                + "+DISK W/s +UPTIME");
        assertThat(lines.get(1)).matches("db01 +\\d+\\.\\d +\\d+\\.\\d+ +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d .*\\d+[dh]\\d+[hm]");
        assertThat(lines.get(2)).startsWith("db02  unreachable: ").contains("refused");
        assertThat(lines.get(3)).startsWith("db03 ");
        assertThat(r.out()).contains("metrics: 3 hosts · 2 ok · 1 unreachable · 0 failed");
    }

    @Test
    void jsonPrintsOneObjectPerHost() throws Exception {
        CliResult r = muster("metrics", "all", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.outLines()) {
            nodes.add(new ObjectMapper().readTree(line));
        }
        assertThat(nodes).extracting(n -> n.get("host").asText()).containsExactly("db01", "db02", "db03");
        for (JsonNode n : nodes) {
            assertThat(n.get("state").asText()).isEqualTo("ok");
            assertThat(n.get("cpu_percent").asDouble()).isBetween(0.0, 100.0);
            assertThat(n.get("mem_percent").isNumber()).isTrue();
            assertThat(n.get("uptime_seconds").asDouble()).isPositive();
            assertThat(n.get("problems")).isEmpty();
        }
    }

    @Test
    void prometheusHasHelpTypeAndOneSeriesPerHostAndMetric() {
        CliResult r = muster("metrics", "@db", "--prometheus");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("# HELP muster_memory_used_ratio ").contains("# TYPE muster_load1 gauge\n")
                .containsPattern("muster_load1\\{host=\"db02\",group=\"db\",env=\"prod\"} [0-9.E-]+\n");
        assertThat(r.outLines().stream().filter(l -> l.startsWith("muster_uptime_seconds{"))).hasSize(3);
    }

    @Test
    void whereFiltersRowsAndSortOrdersThem() {
        CliResult none = muster("metrics", "all", "--where", "mem>100");
        assertThat(none.exit()).isZero();
        assertThat(none.outLines()).hasSize(2);
        assertThat(none.out()).contains("· 0 shown");
        CliResult all = muster("metrics", "all", "--where", "uptime>0&mem>=0", "--sort", "uptime");
        assertThat(all.outLines().stream().filter(l -> l.startsWith("db0"))).hasSize(3);
    }

    @Test
    void badWhereOrSortExitsTwoNamingWhatWasExpected() {
        long ran = fleet.totals().commandsRun();
        CliResult where = muster("metrics", "all", "--where", "cpu>>80");
        assertThat(where.exit()).isEqualTo(2);
        assertThat(where.err()).contains("--where:1:1: found 'cpu>>80': expected COLUMN OP NUMBER");
        assertThat(where.out()).isEmpty();
        CliResult sort = muster("metrics", "all", "--sort", "fast");
        assertThat(sort.exit()).isEqualTo(2);
        assertThat(sort.err()).contains("unknown column 'fast': expected host, cpu, load");
        assertThat(fleet.totals().commandsRun()).isEqualTo(ran);
    }
}
