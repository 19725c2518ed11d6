package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.testkit.OpenSshFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts across groups on real OpenSSH hosts (loopback 127.0.163.x): web rolling, db in a
 * maintenance window, cache by primary/replica switchover, in one plan. Role files in a shared
 * directory stand in for the database: each host reads its own by the address it was reached on
 * ({@code $SSH_CONNECTION}), and the switch script moves the primary role the way Patroni's
 * switchover would.
 */
@Timeout(300)
class GroupRolloutRealSshdTest {
    private static OpenSshFleet fleet;

    @TempDir
    Path tmp;
    Path roles;

    @BeforeAll
    static void startFleet() throws Exception {
        OpenSshFleet.assumeAvailable();
        fleet = OpenSshFleet.builder().hosts(6).baseAddress("127.0.163.1").perHostDirs(false).start();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @BeforeEach
    void cluster() throws Exception {
        roles = Files.createDirectories(tmp.resolve("roles"));
        roles.toFile().setWritable(true, false);
        Files.writeString(roles.resolve("role.sh"), """
                r=$(cat "$(dirname "$0")/role-$(echo $SSH_CONNECTION | cut -d' ' -f3)" 2>/dev/null)
                [ "$r" = primary ] && exit 0
                [ "$r" = replica ] && exit 1
                exit 2
                """);
        Files.writeString(roles.resolve("switch.sh"), """
                d=$(dirname "$0"); me=$(echo $SSH_CONNECTION | cut -d' ' -f3)
                echo "switch $me -> $1" >> "$d/log"
                echo replica > "$d/role-$me"
                echo primary > "$d/role-$1"
                """);
        Files.writeString(roles.resolve("lag.sh"), "cat \"$(dirname \"$0\")/lag-$(echo $SSH_CONNECTION | cut -d' ' -f3)\"\n");
        role("127.0.163.4", "primary");
        role("127.0.163.5", "replica");
        role("127.0.163.6", "replica");
        Files.writeString(roles.resolve("lag-127.0.163.5"), "12\n");
        Files.writeString(roles.resolve("lag-127.0.163.6"), "0.5\n");
        Files.writeString(roles.resolve("log"), "");
    }

    private void role(String address, String role) throws Exception {
        Files.writeString(roles.resolve("role-" + address), role + "\n");
    }

    private String roleOf(String address) throws Exception {
        return Files.readString(roles.resolve("role-" + address)).strip();
    }

    private List<String> log() throws Exception {
        return Files.readAllLines(roles.resolve("log"));
    }

    private CliResult muster(String... args) {
        return new FleetCli(fleet, tmp.resolve("store")).muster(args);
    }

    private Path plan(String dbWindow, String switchScript) throws Exception {
        Path f = tmp.resolve("release.yaml");
        Files.writeString(f, """
                name: release
                windows:
                  db-window: %s
                groups:
                  web: {targets: "host[01-02]", strategy: {kind: rolling, batch: 1}}
                  db: {targets: host03, window: db-window, after: [web]}
                  cache:
                    targets: "host[04-06]"
                    after: [web]
                    strategy:
                      kind: switchover
                      role: sh %s/role.sh
                      lag: sh %s/lag.sh
                      switch: sh %s/%s {candidate_address}
                      verify_timeout: 3s
                steps:
                  - run: echo "deploy {{ host.name }}" >> %s/log
                """.formatted(dbWindow, roles, roles, roles, switchScript, roles));
        return f;
    }

    /** A window open now: it opens every minute and lasts two. */
    static final String OPEN = "{zone: Europe/Berlin, every: \"* * * * *\", duration: 2m}";

    @Test
    void webRollingDbInItsWindowCacheBySwitchoverInOnePlan() throws Exception {
        CliResult r = muster("apply", plan(OPEN, "switch.sh").toString(), "--retries", "0");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> log = log();
        // web first (one at a time), then cache: replicas, the switch to the least lagging, then the old primary
        assertThat(log).containsSubsequence("deploy host01", "deploy host02", "deploy host05", "switch 127.0.163.4 -> 127.0.163.6",
                "deploy host04");
        assertThat(log).containsSubsequence("deploy host02", "deploy host06", "switch 127.0.163.4 -> 127.0.163.6");
        assertThat(log).containsSubsequence("deploy host02", "deploy host03");
        assertThat(log).hasSize(7);
        assertThat(roleOf("127.0.163.6")).isEqualTo("primary");
        assertThat(roleOf("127.0.163.4")).isEqualTo("replica");
        assertThat(r.outLines()).contains("group cache: switching host04 → host06",
                "  web host[01-02] (2): done", "  db host03 (1): done", "  cache host[04-06] (3): done");

        JsonNode run = new ObjectMapper().readTree(Files.list(tmp.resolve("store/runs")).findFirst().orElseThrow()
                .resolve("run.json").toFile());
        assertThat(run.path("spec").path("groups")).hasSize(3);
        assertThat(run.path("spec").path("groups").get(2).path("name").asText()).isEqualTo("cache");
        assertThat(run.path("spec").path("groups").get(2).path("state").asText()).isEqualTo("done");
    }

    @Test
    void aFailedSwitchoverVerificationStopsTheGroupWithTheOldPrimaryUntouched() throws Exception {
        Files.writeString(roles.resolve("noop.sh"), "echo \"switch asked for $1, nothing happened\" >> \"$(dirname \"$0\")/log\"\n");
        CliResult r = muster("apply", plan(OPEN, "noop.sh").toString(), "--retries", "0");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(log()).doesNotContain("deploy host04").contains("deploy host05", "deploy host06",
                "switch asked for 127.0.163.6, nothing happened");
        assertThat(roleOf("127.0.163.4")).isEqualTo("primary");
        assertThat(r.out()).contains("cache host[04-06] (3): failed: switchover verification failed after 3s: "
                + "primary is host04 (expected host06 primary, host04 replica); old primary host04 left as it was");
        assertThat(r.outLines()).contains("host04 (1): skipped");
    }

    @Test
    void aClosedWindowPausesItsGroupOnlyAndResumeRunsNothingTwice() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String closed = "{zone: UTC, every: \"* * * * *\", duration: 1m, except: [" + today + ", " + today.plusDays(1) + "]}";
        Path plan = plan(closed, "switch.sh");
        CliResult first = muster("apply", plan.toString(), "--retries", "0");

        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(log()).doesNotContain("deploy host03").contains("deploy host01", "deploy host04");
        assertThat(first.out()).contains("  db host03 (1): waiting: waiting for window db-window (window db-window is "
                + "closed; next opening " + today.plusDays(2) + " 00:00 UTC");
        String runId = first.outLines().getFirst().replaceFirst("^apply release \\(run ([^)]+)\\).*$", "$1");
        assertThat(first.out()).contains("paused: continue with muster apply " + plan + " --resume " + runId);
        JsonNode run = new ObjectMapper().readTree(tmp.resolve("store/runs/" + runId + "/run.json").toFile());
        assertThat(run.path("spec").path("groups").get(1).path("state").asText()).isEqualTo("waiting");
        CliResult shown = CliResult.run(List.of("show", runId, "--store", tmp.resolve("store").toString()));
        assertThat(shown.outLines()).contains("groups:", "  web host[01-02]: done", "  cache host[04-06]: done");
        assertThat(shown.out()).contains("  db host03: waiting: waiting for window db-window (window db-window is closed");

        int before = log().size();
        CliResult again = muster("apply", plan.toString(), "--resume", runId, "--retries", "0");
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(1);
        assertThat(log()).hasSize(before); // web and cache were done: nothing ran twice, db still waits
        assertThat(again.out()).contains("[web] batch 1/2: host01 (1): done in an earlier attempt of this run, not run again");
    }

    @Test
    void anOperatorOverridesAClosedWindowWithAReasonRecordedInTheRun() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String closed = "{zone: UTC, every: \"* * * * *\", duration: 1m, except: [" + today + ", " + today.plusDays(1) + "]}";
        Path plan = plan(closed, "switch.sh");
        CliResult noReason = muster("apply", plan.toString(), "--override-window", "db-window");
        assertThat(noReason.exit()).isEqualTo(2);
        assertThat(noReason.err()).contains("--override-window needs --reason");
        CliResult unknown = muster("apply", plan.toString(), "--override-window", "db-windw", "--reason", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no window named 'db-windw'; did you mean db-window?");
        assertThat(log()).isEmpty();

        CliResult r = muster("apply", plan.toString(), "--override-window", "db-window", "--reason", "CVE hotfix",
                "--retries", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(log()).contains("deploy host03");
        assertThat(r.out()).contains("group db: window db-window overridden for batch 1/1: window db-window is closed; "
                + "reason: CVE hotfix");
        String runId = r.outLines().getFirst().replaceFirst("^apply release \\(run ([^)]+)\\).*$", "$1");
        JsonNode overrides = new ObjectMapper().readTree(tmp.resolve("store/runs/" + runId + "/run.json").toFile())
                .path("spec").path("window_overrides");
        assertThat(overrides).hasSize(1);
        assertThat(overrides.get(0).path("reason").asText()).isEqualTo("CVE hotfix");
        assertThat(overrides.get(0).path("group").asText()).isEqualTo("db");
        assertThat(overrides.get(0).path("by").asText()).isEqualTo(System.getProperty("user.name"));
    }
}
