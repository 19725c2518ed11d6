package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.strategy.StrategySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groups:} and {@code windows:} as read and checked by `plan check` and `apply`. */
class GroupPlanTest {
    @TempDir
    Path dir;
    PlanFixture fx;

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
    }

    static final String GOOD = """
            name: release
            windows:
              nightly: {zone: Europe/Berlin, every: "0 1 * * *", duration: 3h, except: [2026-12-24], latest_start: 2h}
            groups:
              web:
                targets: "web[01-04]"
                strategy: {kind: rolling, batch: 2}
              canary:
                targets: "web[05-06]"
              db:
                targets: "@db"
                window: nightly
                after: [web, {group: canary, soak: 10m}]
                strategy:
                  kind: switchover
                  role: test -e /srv/fleet/primary
                  lag: cat /srv/fleet/lag
                  switch: promote {candidate}
            steps:
              - run: deploy
            """;

    @Test
    void groupsAreReadWithTheirOwnHostsStrategyWindowAndOrder() {
        Plan plan = fx.read(GOOD);
        assertThat(plan.groups()).extracting(Group::name).containsExactly("web", "canary", "db");
        Group db = plan.groups().get(2);
        assertThat(db.hosts().fold()).isEqualTo("db[01-02]");
        assertThat(db.window()).isEqualTo("nightly");
        assertThat(db.after()).containsExactly(new Group.After("web", Duration.ZERO),
                new Group.After("canary", Duration.ofMinutes(10)));
        assertThat(db.strategy().kind()).isEqualTo(StrategySpec.Kind.SWITCHOVER);
        assertThat(db.switchover().switchCommand()).isEqualTo("promote {candidate}");
        assertThat(db.switchover().primaryExit()).isZero();
        assertThat(plan.hosts().fold()).isEqualTo("db[01-02],web[01-06]");
        assertThat(plan.windows().get("nightly").latestStart()).isEqualTo(Duration.ofHours(2));
        assertThat(GroupOrder.stages(plan.groups())).extracting(s -> s.stream().map(Group::name).toList())
                .containsExactly(List.of("web", "canary"), List.of("db"));
    }

    @Test
    void aCycleIsRefusedNamingTheChainAtItsPlace() {
        assertThat(fx.errors("""
                name: r
                groups:
                  a: {targets: web01, after: [c]}
                  b: {targets: web02, after: [a]}
                  c: {targets: web03, after: [b]}
                steps: [{run: x}]
                """)).containsExactly("plan.yaml:3:31: groups run after each other in a cycle: a → c → b → a; "
                + "no group of it could ever start");
    }

    @Test
    void aHostInTwoGroupsAnUnknownWindowAndAnUnknownGroupAreRefused() {
        assertThat(fx.errors("""
                name: r
                windows:
                  nightly: {zone: Europe/Berlin, every: "0 1 * * *", duration: 3h}
                groups:
                  web: {targets: "@web"}
                  canary: {targets: "web[01-02]", window: nigthly}
                  db: {targets: "@db", after: [wbe]}
                steps: [{run: x}]
                """)).containsExactly(
                "plan.yaml:6:43: group canary: no window named 'nigthly' in the plan or the inventory; did you mean nightly?",
                "plan.yaml:7:32: group db after: no group named 'wbe'; did you mean web?");
        assertThat(fx.errors("""
                name: r
                groups:
                  web: {targets: "@web"}
                  canary: {targets: "web[01-02]"}
                steps: [{run: x}]
                """)).containsExactly("plan.yaml:4:21: group canary targets web[01-02] (2), already in group web: "
                + "a host may be in one group only");
    }

    @Test
    void badWindowsAndSwitchoversAreReportedWithFileLineAndColumn() {
        assertThat(fx.errors("""
                name: r
                windows:
                  w: {zone: Europe/Berlln, every: "0 25 * * *", duration: 0s, except: [2026-13-01]}
                groups:
                  db:
                    targets: "@db"
                    strategy: {kind: switchover, role: probe, switch: promote}
                  web: {targets: "@web", strategy: {kind: rolling, batch: 1, role: x}}
                targets: "@web"
                steps: [{run: x}]
                """)).containsExactly(
                "plan.yaml:3:13: window w zone must be an IANA time zone like Europe/Berlin or America/New_York, "
                        + "found \"Europe/Berlln\"",
                "plan.yaml:3:38: window w every \"0 25 * * *\": hour must be 0-23, found \"25\"",
                "plan.yaml:3:59: window w duration must be longer than zero, found \"0s\"",
                "plan.yaml:3:72: window w except must list dates like 2026-12-24, found \"2026-13-01\"",
                "plan.yaml:7:55: group db switch must name {candidate} (or {candidate_address}): the replica it makes primary",
                "plan.yaml:8:62: 'role' is only for kind switchover, not rolling",
                "plan.yaml:9:1: 'targets' does not go with 'groups': each group has its own targets, strategy and gates");
    }

    @Test
    void switchoverOutsideGroupsIsRefused() {
        assertThat(fx.errors("""
                name: r
                targets: "@db"
                strategy: {kind: switchover}
                steps: [{run: x}]
                """)).containsExactly("plan.yaml:3:18: kind switchover is only for a group of a plan's 'groups:' "
                + "(it needs the group's role probe and switch command)");
    }

    @Test
    void aPlanWithoutGroupsHasNone() {
        Plan plan = fx.read("""
                name: r
                targets: "@web"
                steps: [{run: x}]
                """);
        assertThat(plan.groups()).isEmpty();
        assertThat(plan.hosts().size()).isEqualTo(10);
    }

    @Test
    void blueGreenIsRefusedInAGroup() {
        assertThat(fx.errors("""
                name: r
                groups:
                  web: {targets: "@web", strategy: {kind: blue_green, blue: "web[01-05]", green: "web[06-10]"}}
                steps: [{run: x}]
                """)).containsExactly("plan.yaml:3:43: group web: kind blue_green is for plans without groups (its "
                + "switch steps are the plan's); use rolling, all or switchover in a group");
    }
}
