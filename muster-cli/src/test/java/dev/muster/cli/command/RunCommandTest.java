package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import dev.muster.cli.FleetCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.store.FileRunStore;
import dev.muster.core.store.RunRecord;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import dev.muster.testkit.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end against in-process SSH hosts: output, exit codes, JSON, retry, faults. */
class RunCommandTest {
    private static FakeFleet fleet;
    private static Path fleetDir;

    @TempDir
    Path store;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startFleet() throws Exception {
        fleetDir = Files.createTempDirectory("muster-cli-test-");
        fleet = FakeFleet.builder().dir(fleetDir).hosts(8).namePrefix("web").start();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @AfterEach
    void clearFaults() {
        fleet.hosts().forEach(h -> {
            h.clearFaults();
            h.resetCounters();
        });
    }

    private FleetCli cli() {
        return new FleetCli(fleet, store);
    }

    private List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }

    @Test
    void identicalOutputIsGatheredIntoOneBlockAndAllOkExitsZero() {
        CliResult r = cli().muster("run", "all", "--", "uname", "-s");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("web[01-08] (8): ok\n    Linux\n");
        assertThat(r.out()).contains("recap: 8 hosts · 8 ok · 0 changed · 0 failed · 0 unreachable · 0 skipped");
    }

    @Test
    void knownHostsOnTheCommandLineBeatsUserKnownHostsFileFromSshConfig() throws Exception {
        Path config = store.resolve("ssh_config");
        Files.writeString(config, "Host *\n  UserKnownHostsFile " + store.resolve("elsewhere_known_hosts") + "\n");
        CliResult r = cli().muster("run", "all", "--ssh-config", config.toString(), "--", "true");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(store.resolve("elsewhere_known_hosts")).doesNotExist();
    }

    @Test
    void diffShowsTheLargestGroupThenEveryOtherAsAUnifiedDiffAgainstIt() {
        fleet.host("web03").setFaults(Fault.exit(3));
        CliResult r = cli().muster("run", "all", "--diff", "--", "cat", "/etc/os-release");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("web[01-02,04-08] (7): ok · the reference\n    PRETTY_NAME=")
                .contains("web03 (1): failed (exit 3)\n    --- web[01-02,04-08] (7)\n    +++ web03 (1)\n    @@ -1,")
                .containsPattern("\n    -PRETTY_NAME=");
        assertThat(cli().muster("run", "all", "--diff", "--json", "--", "true").exit()).isEqualTo(2);
    }

    @Test
    void aFailingHostMakesExitCodeOneAndIsNamedInTheRecap() {
        fleet.host("web03").setFaults(Fault.exit(3));
        CliResult r = cli().muster("run", "all", "--", "uname", "-s");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("web[01-02,04-08] (7): ok").contains("web03 (1): failed (exit 3)");
        assertThat(r.out()).containsPattern("command failed +web03 \\(1\\)");
    }

    @Test
    void jsonPrintsOneObjectPerHostThenASummary() throws Exception {
        fleet.host("web05").setFaults(Fault.REFUSE);
        CliResult r = cli().muster("run", "all", "--json", "--retries", "0", "--", "hostname");
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).hasSize(9);
        Map<String, JsonNode> byHost = new TreeMap<>();
        lines.subList(0, 8).forEach(n -> byHost.put(n.get("host").asText(), n));
        assertThat(byHost).hasSize(8);
        assertThat(byHost.get("web01").get("status").asText()).isEqualTo("ok");
        assertThat(byHost.get("web01").get("stdout").asText()).isEqualTo("web01\n");
        assertThat(byHost.get("web01").get("exit").asInt()).isZero();
        assertThat(byHost.get("web05").get("status").asText()).isEqualTo("unreachable");
        assertThat(byHost.get("web05").get("kind").asText()).isEqualTo("connect-refused");
        assertThat(byHost.get("web05").get("exit").isNull()).isTrue();
        JsonNode summary = lines.get(8).get("summary");
        assertThat(summary.get("ok").asInt()).isEqualTo(7);
        assertThat(summary.get("unreachable").asInt()).isEqualTo(1);
        assertThat(summary.get("exit").asInt()).isEqualTo(1);
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void retryRerunsOnlyTheHostsThatFailedLastTime() {
        fleet.host("web02").setFaults(Fault.REFUSE);
        fleet.host("web07").setFaults(Fault.exit(1));
        assertThat(cli().muster("run", "all", "--retries", "0", "--", "uname", "-r").exit()).isEqualTo(1);
        fleet.hosts().forEach(FakeHost::clearFaults);
        fleet.hosts().forEach(FakeHost::resetCounters);

        CliResult retry = cli().muster("retry");

        assertThat(retry.exit()).isZero();
        assertThat(retry.out()).contains("web[02,07] (2): ok").contains("recap: 2 hosts · 2 ok");
        for (FakeHost h : fleet.hosts()) {
            long expected = h.name().equals("web02") || h.name().equals("web07") ? 1 : 0;
            assertThat(h.counters().commandsRun()).as(h.name()).isEqualTo(expected);
        }
        List<RunRecord> runs = new FileRunStore(store).recent(5);
        assertThat(runs).hasSize(2);
        assertThat(runs.getFirst().kind()).isEqualTo("retry");
        assertThat(runs.getFirst().retryOf()).isEqualTo(runs.get(1).id());
        assertThat(cli().muster("retry").out()).contains("nothing to retry");
    }

    @Test
    void everyFailureKindIsReportedPerHostAndNoHostIsLost() throws Exception {
        fleet.host("web01").setFaults(Fault.REFUSE);
        fleet.host("web02").setFaults(Fault.HANG_BEFORE_BANNER);
        fleet.host("web03").setFaults(Fault.DROP_AFTER_AUTH);
        fleet.host("web04").setFaults(Fault.REJECT_AUTH);
        fleet.host("web05").setFaults(Fault.WRONG_HOST_KEY);
        fleet.host("web06").setFaults(Fault.slow(Duration.ofSeconds(30)));
        fleet.host("web07").setFaults(Fault.exit(42));
        CliResult r = cli().muster("run", "all", "--json", "--retries", "0", "--connect-timeout", "1s",
                "--timeout", "2s", "--", "uname", "-r");
        Map<String, String> kinds = new TreeMap<>();
        Map<String, String> messages = new TreeMap<>();
        for (JsonNode n : jsonLines(r.out())) {
            if (n.has("host")) {
                kinds.put(n.get("host").asText(), n.get("status").asText() + "/" + n.get("kind").asText());
                messages.put(n.get("host").asText(), n.get("message").asText());
            }
        }
        assertThat(kinds).containsExactly(
                Map.entry("web01", "unreachable/connect-refused"),
                Map.entry("web02", "unreachable/connect-timeout"),
                Map.entry("web03", "failed/connection-lost"),
                Map.entry("web04", "unreachable/auth-failed"),
                Map.entry("web05", "unreachable/host-key-mismatch"),
                Map.entry("web06", "failed/timeout"),
                Map.entry("web07", "failed/command-failed"),
                Map.entry("web08", "ok/null"));
        assertThat(messages.get("web05")).contains("web05").containsPattern("SHA256:\\S+.*SHA256:\\S+");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void linesModePrefixesEveryLineWithItsHost() {
        CliResult r = cli().muster("run", "web0[1-2]", "--lines", "--", "printf 'a\\nb\\n'");
        assertThat(r.outLines()).contains("web01 | a", "web01 | b", "web02 | a", "web02 | b");
    }

    @Test
    void secretsFromTheInventoryAreMaskedInOutputAndInTheRunStore() throws Exception {
        Path extra = store.resolve("secrets.yaml");
        Files.writeString(extra, "vars:\n  api_token: {secret: \"tok-8c1f2e9a\"}\n");
        CliResult r = cli().muster("run", "web01", "-i", extra.toString(), "--", "echo", "token=tok-8c1f2e9a");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("token=****").doesNotContain("tok-8c1f2e9a");
        try (var files = Files.walk(store.resolve("runs"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("tok-8c1f2e9a");
            }
        }
    }

    @Test
    void showPrintsARecordedRunAgain() {
        cli().muster("run", "all", "--", "uname", "-s");
        CliResult shown = CliResult.run(List.of("show", "--store", store.toString()));
        assertThat(shown.exit()).isZero();
        assertThat(shown.out()).contains("web[01-08] (8): ok").contains("recap: 8 hosts · 8 ok");
        CliResult runs = CliResult.run(List.of("runs", "--store", store.toString()));
        assertThat(runs.out()).contains("uname -s").contains("8 ok");
    }

    @Test
    void consoleRunsEachLineOverTheSameSessions() {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream("hostname -s\n\nuname -s\nexit\nuname -r\n".getBytes()));
        CliResult r;
        try {
            r = cli().muster("console", "all");
        } finally {
            System.setIn(stdin);
        }
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("web01 (1): ok\n    web01\n").contains("web[01-08] (8): ok\n    Linux\n");
        assertThat(r.out().lines().filter(l -> l.startsWith("recap:")).count()).isEqualTo(2);
        for (FakeHost h : fleet.hosts()) {
            assertThat(h.counters().sessionsAuthenticated()).as(h.name()).isEqualTo(1);
            assertThat(h.counters().commandsRun()).as(h.name()).isEqualTo(2);
        }
    }
}
