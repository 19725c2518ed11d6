package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import dev.muster.testkit.Fault;
import dev.muster.testkit.HttpTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `muster check` end to end: in-process SSH hosts for the inventory and --cmd, and one real HTTP
 * server per host on that host's loopback address (all on one port).
 */
@Timeout(120)
class CheckCommandTest {
    private static FakeFleet fleet;
    private static List<HttpTarget> targets;
    private static String url;

    @TempDir
    Path store;

    @BeforeAll
    static void start() throws Exception {
        fleet = FakeFleet.builder().dir(Files.createTempDirectory("muster-check-test-")).hosts(4).namePrefix("web")
                .baseAddress("127.0.44.1").start();
        targets = HttpTarget.startAll(fleet.hosts().stream().map(FakeHost::address).toList());
        url = "http://{address}:" + targets.getFirst().port() + "/health";
    }

    @AfterAll
    static void stop() {
        targets.forEach(HttpTarget::close);
        fleet.close();
    }

    @AfterEach
    void reset() {
        targets.forEach(t -> t.mode(HttpTarget.OK));
        fleet.hosts().forEach(FakeHost::clearFaults);
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, store).muster(args);
    }

    private int requests() {
        return targets.stream().mapToInt(HttpTarget::requests).sum();
    }

    @Test
    void passingHostsFoldIntoOneLineWithTheirMedianLatency() {
        CliResult r = muster("check", "all", "--http", url, "--expect", "200", "--body-matches", "\"status\":\"UP\"");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("web\\[01-04\\] \\(4\\): passing \\d+(\\.\\d)?ms p50\n");
        assertThat(r.out()).contains("check: 4 hosts · 4 passing · 0 critical · 0 flapping · 0 unreachable");
    }

    @Test
    void failingHostsAreGatheredByReasonAndExitOne() {
        targets.get(2).mode(HttpTarget.ERROR);
        targets.get(3).mode(new HttpTarget.Answer(200, "{\"status\":\"DEGRADED\"}"));
        CliResult r = muster("check", "all", "--http", url, "--expect", "200,204", "--body-matches", "UP");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("web03 (1): critical: status 500 (expected 200,204)\n")
                .contains("web04 (1): critical: body does not match /UP/\n")
                .containsPattern("web\\[01-02\\] \\(2\\): passing")
                .contains("check: 4 hosts · 2 passing · 2 critical");
    }

    @Test
    void jsonPrintsOneObjectPerHost() throws Exception {
        targets.get(1).mode(HttpTarget.ERROR);
        CliResult r = muster("check", "all", "--http", url, "--json");
        Map<String, JsonNode> byHost = new TreeMap<>();
        for (String line : r.outLines()) {
            JsonNode n = new ObjectMapper().readTree(line);
            byHost.put(n.get("host").asText(), n);
        }
        assertThat(byHost).containsOnlyKeys("web01", "web02", "web03", "web04");
        assertThat(byHost.get("web01").get("verdict").asText()).isEqualTo("passing");
        assertThat(byHost.get("web01").get("http_status").asInt()).isEqualTo(200);
        assertThat(byHost.get("web01").get("latency_ms_p50").asDouble()).isPositive();
        assertThat(byHost.get("web02").get("verdict").asText()).isEqualTo("critical");
        assertThat(byHost.get("web02").get("reason").asText()).isEqualTo("status 500 (expected 2xx)");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void anAlternatingServiceIsReportedFlapping() {
        targets.getFirst().mode(new HttpTarget.Alternate());
        CliResult r = muster("check", "web01", "--http", url, "--interval", "20ms", "--for", "100ms");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("web01 (1): flapping: 3 of 6 probes passed; last failure: status 500 "
                + "(expected 2xx)");
    }

    @Test
    void tcpAndCommandChecksReportRefusedPortsFailedCommandsAndUnreachableHosts() {
        CliResult tcp = muster("check", "all", "--tcp", String.valueOf(targets.getFirst().port()));
        assertThat(tcp.exit()).as(tcp.err()).isZero();
        assertThat(tcp.out()).containsPattern("web\\[01-04\\] \\(4\\): passing");

        fleet.host("web02").setFaults(Fault.exit(3));
        fleet.host("web04").setFaults(Fault.REFUSE);
        CliResult cmd = muster("check", "all", "--cmd", "true", "--retries", "0");
        assertThat(cmd.exit()).isEqualTo(1);
        assertThat(cmd.out()).containsPattern("web\\[01,03\\] \\(2\\): passing")
                .contains("web02 (1): critical: exit 3")
                .contains("web04 (1): unreachable (connection refused)")
                .contains("1 critical · 0 flapping · 1 unreachable");
    }

    @Test
    void badInputExitsTwoAndProbesNothing() {
        int before = requests();
        List<CliResult> bad = new ArrayList<>();
        bad.add(muster("check", "all", "--http", "http://{address:8080/"));
        bad.add(muster("check", "all", "--http", "http://{adress}:8080/"));
        bad.add(muster("check", "all", "--http", url, "--expect", "2xy"));
        bad.add(muster("check", "all", "--http", url, "--header", "nocolon"));
        bad.add(muster("check", "all", "--http", url, "--tcp", "80"));
        bad.add(muster("check", "all", "--http", url, "--from", "moon"));
        bad.add(muster("check", "all", "--http", url, "--for", "1s", "--interval", "1s", "--passing-after", "3"));
        bad.add(muster("check", "all", "--http", "ftp://{address}/"));
        for (CliResult r : bad) {
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
        }
        assertThat(bad.get(0).err()).contains("muster: --http:1:8: '{' is not closed");
        assertThat(bad.get(1).err()).contains("unknown field {adress} for host web01");
        assertThat(bad.get(2).err()).contains("'2xy' is not an HTTP status");
        assertThat(bad.get(4).err()).contains("give exactly one of --http URL, --tcp PORT, --cmd CMD");
        assertThat(requests()).isEqualTo(before);
    }

    @Test
    void insecureIsSaidLoudly() {
        CliResult r = muster("check", "web01", "--http", url, "--insecure");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("WARNING: --insecure: TLS certificates and host names are NOT verified");
    }
}
