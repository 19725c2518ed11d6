package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.cli.CliResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `muster plan check` and `muster apply` on plans with groups and windows: the order shown, bad input refused. */
class GroupPlanCheckTest {
    @TempDir
    Path dir;
    PlanDir plans;

    @BeforeEach
    void setUp() throws Exception {
        // nothing listens on these addresses: a host contacted would be unreachable (exit 1), never exit 2
        plans = PlanDir.of(dir, """
                hosts:
                  "web[01-04]": {address: "127.0.164.[1-4]"}
                  "db[01-02]": {address: "127.0.164.[11-12]"}
                  "cache[01-03]": {address: "127.0.164.[21-23]"}
                groups:
                  web: {hosts: ["web[01-04]"]}
                  db: {hosts: ["db[01-02]"]}
                  cache: {hosts: ["cache[01-03]"]}
                """);
    }

    private Path write(String name, String text) {
        return plans.write(name, text);
    }

    private CliResult muster(String... args) {
        return plans.muster(args);
    }

    @Test
    void planCheckShowsTheOrderTheGroupsAndEachWindowsNextOpenings() throws Exception {
        Path plan = write("release.yaml", """
                name: release
                windows:
                  nightly: {zone: America/New_York, every: "30 1 * * *", duration: 2h, latest_start: 1h}
                groups:
                  web: {targets: "@web", strategy: {kind: rolling, batch: 2}}
                  cache:
                    targets: "@cache"
                    strategy: {kind: switchover, role: redis-role, switch: "sh promote.sh {candidate_address}"}
                  db: {targets: "@db", window: nightly, after: [web, {group: cache, soak: 10m}]}
                steps: [{run: deploy}]
                """);
        CliResult r = muster("plan", "check", plan.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("groups: 3, in this order:\n  1. web; cache  (side by side)\n"
                + "  2. db after web, cache (soak 10m)\n");
        assertThat(r.out()).contains("group db: @db → db[01-02] (2)\n  strategy: all → [2] hosts, at most 50 at once\n"
                + "  window: nightly\n");
        assertThat(r.out()).contains("windows:\n  nightly: \"30 1 * * *\" in America/New_York for 2h, latest start 1h\n");
        assertThat(r.outLines().stream().filter(l -> l.startsWith("    next: "))).hasSize(3)
                .allMatch(l -> l.matches("    next: \\d{4}-\\d\\d-\\d\\d 01:30 E[SD]T \\(.* local\\) → \\d{4}-\\d\\d-\\d\\d 03:30 "
                        + "E[SD]T \\(.* local\\)"));
    }

    @Test
    void cyclesAHostInTwoGroupsAndUnknownWindowsAreBadInputAndNothingIsContacted() throws Exception {
        Path plan = write("bad.yaml", """
                name: release
                groups:
                  web: {targets: "@web", after: [db]}
                  db: {targets: "@db", after: [web], window: nightly}
                  more: {targets: "web01"}
                steps: [{run: deploy}]
                """);
        CliResult check = muster("plan", "check", plan.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains(plan + ":4:46: group db: no window named 'nightly' in the plan or the inventory "
                        + "(neither declares windows:)",
                "plan check: 1 problem in " + plan + "; nothing would run");

        Path cycle = write("cycle.yaml", """
                name: release
                groups:
                  web: {targets: "@web", after: [db]}
                  db: {targets: "@db", after: [web]}
                  more: {targets: "web01"}
                steps: [{run: deploy}]
                """);
        CliResult checked = muster("plan", "check", cycle.toString());
        assertThat(checked.exit()).isEqualTo(2);
        assertThat(checked.err().lines().toList()).containsExactly(
                cycle + ":3:34: groups run after each other in a cycle: web → db → web; no group of it could ever start",
                cycle + ":5:19: group more targets web01 (1), already in group web: a host may be in one group only",
                "plan check: 2 problems in " + cycle + "; nothing would run");

        CliResult applied = muster("apply", cycle.toString());
        assertThat(applied.exit()).isEqualTo(2);
        assertThat(applied.out()).isEmpty(); // no batch started: nothing was contacted
        assertThat(applied.err()).contains("groups run after each other in a cycle");

        Path overlap = write("overlap.yaml", """
                name: release
                groups:
                  web: {targets: "@web"}
                  more: {targets: "web01"}
                steps: [{run: deploy}]
                """);
        CliResult both = muster("plan", "check", overlap.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains(overlap + ":4:19: group more targets web01 (1), already in group web: "
                + "a host may be in one group only");
    }

    @Test
    void planCheckShowsAnInventoryRRuleWindowAndRefusesABadRRuleAtItsColumn() throws Exception {
        write("inventory.yaml", java.nio.file.Files.readString(plans.inventory()) + """
                windows:
                  patch-sunday:
                    zone: America/New_York
                    every: "FREQ=MONTHLY;BYDAY=1SU;BYHOUR=2"
                    start: 2026-01-04 02:00
                    duration: 2h
                """);
        Path plan = write("release.yaml", """
                name: release
                groups:
                  db: {targets: "@db", window: patch-sunday}
                steps: [{run: deploy}]
                """);
        CliResult r = muster("plan", "check", plan.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("windows:\n  patch-sunday: \"FREQ=MONTHLY;BYDAY=1SU;BYHOUR=2\" from 2026-01-04 02:00 "
                + "in America/New_York for 2h\n");
        assertThat(r.outLines().stream().filter(l -> l.startsWith("    next: "))).hasSize(3)
                .allMatch(l -> l.matches("    next: \\d{4}-\\d\\d-0[1-7] 02:00 E[SD]T \\(.* local\\) → .*"));

        Path bad = write("bad.yaml", """
                name: release
                windows:
                  w: {zone: UTC, every: "FREQ=MONTHLY;BYDAY=-1XY", start: 2026-01-01 00:00, duration: 1h}
                groups:
                  db: {targets: "@db", window: w}
                  web: {targets: "@web", window: patch-sundy}
                steps: [{run: deploy}]
                """);
        CliResult check = muster("plan", "check", bad.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err().lines().toList()).containsExactly(
                bad + ":3:47: window w every \"FREQ=MONTHLY;BYDAY=-1XY\": a day must be one of MO, TU, WE, TH, FR, SA, SU, "
                        + "found \"XY\"",
                bad + ":6:34: group web: no window named 'patch-sundy' in the plan or the inventory; did you mean "
                        + "patch-sunday?",
                "plan check: 2 problems in " + bad + "; nothing would run");
        CliResult applied = muster("apply", bad.toString());
        assertThat(applied.exit()).isEqualTo(2);
        assertThat(applied.out()).isEmpty();
    }
}
