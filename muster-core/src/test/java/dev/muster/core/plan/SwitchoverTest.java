package dev.muster.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecResult;
import dev.muster.core.exec.Executor;
import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.RunListener;
import dev.muster.core.strategy.RolloutListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kind: switchover on scripted hosts whose roles live in a map the switch command changes: the
 * order of work, the candidate by lag, and every way the roles can fail to add up.
 */
class SwitchoverTest {
    @TempDir
    Path dir;
    PlanFixture fx;
    final Map<String, String> roles = new ConcurrentHashMap<>();
    final Map<String, String> lag = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final GroupApplyTest.MutableClock clock = new GroupApplyTest.MutableClock(Instant.parse("2026-03-29T00:30:00Z"));
    /** Extra work done when a host is deployed (e.g. a role changing under muster's feet). */
    Runnable onDeploy = () -> { };
    boolean switchWorks = true;
    final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    boolean check;
    dev.muster.core.store.FileRunStore store;
    boolean resume;

    @BeforeEach
    void setUp() {
        fx = new PlanFixture(dir);
        roles.put("web01", "primary");
        roles.put("web02", "replica");
        roles.put("web03", "replica");
        roles.put("web04", "replica");
        lag.put("web02", "7");
        lag.put("web03", "0.2");
        lag.put("web04", "not a number");
    }

    private Executor executor() {
        return ScriptedTransport.executor((h, request) -> {
            String c = request.command();
            int exit = 0;
            String out = "";
            if (c.equals("role")) {
                exit = switch (roles.getOrDefault(h, "")) {
                    case "primary" -> 0;
                    case "replica" -> 1;
                    default -> 3;
                };
            } else if (c.equals("lag")) {
                out = lag.getOrDefault(h, "") + "\n";
            } else if (c.startsWith("promote ")) {
                log.add(h + ": " + c);
                if (switchWorks) {
                    roles.put(h, "replica");
                    roles.put(c.substring("promote ".length()), "primary");
                }
            } else {
                log.add(h + ": " + c);
                onDeploy.run();
                exit = failing.contains(h) ? 1 : 0;
            }
            return new ExecResult(exit, null, out.getBytes(StandardCharsets.UTF_8), new byte[0], false);
        });
    }

    static final class Quiet implements RunListener, RolloutListener {
    }

    GroupApply.GroupResult apply(String window) {
        Plan plan = fx.read("""
                name: r
                windows:
                  night: {zone: Europe/Berlin, every: "0 1 * * *", duration: 2h}
                groups:
                  cache:
                    targets: "web[01-04]"
                    %s
                    strategy: {kind: switchover, role: role, lag: lag, switch: "promote {candidate}", verify_timeout: 2s}
                steps: [{run: deploy}]
                """.formatted(window));
        PlanContext context = new PlanContext(plan.vars(), check, false, dir, "run-1", "tester",
                dev.muster.core.Redactor.none());
        PlanJournal journal = store == null ? PlanJournal.NONE : new PlanJournal(store, "run-1");
        return new GroupApply(plan, fx.inventory, executor(), context, List.of(), store, clock, clock::advance, false)
                .prepare(fx.inventory.hosts(plan.hosts()), g -> new Quiet(), (g, s) -> { }, journal,
                        resume ? journal.resume() : null, d -> { })
                .run(ExecutorOptions.defaults()).groups().getFirst();
    }

    @Test
    void replicasFirstThenTheLeastLaggingUpdatedReplicaIsPromotedThenTheOldPrimary() {
        GroupApply.GroupResult r = apply("");
        assertThat(r.state()).isEqualTo("done");
        assertThat(log).containsExactly("web02: deploy", "web03: deploy", "web04: deploy", "web01: promote web03",
                "web01: deploy");
        assertThat(roles).containsEntry("web03", "primary").containsEntry("web01", "replica");
    }

    @Test
    void twoPrimariesOrAnUnknownRoleStopTheGroupBeforeAnythingChanges() {
        roles.put("web02", "primary");
        GroupApply.GroupResult two = apply("");
        assertThat(two.describe()).isEqualTo("failed: role probe: 2 primaries (web[01-02]); exactly one is needed");
        roles.put("web02", "rebuilding");
        GroupApply.GroupResult odd = apply("");
        assertThat(odd.describe()).isEqualTo("failed: role probe: neither primary nor replica: web02 (exit code 3)");
        assertThat(log).isEmpty();
    }

    @Test
    void rolesAreProbedAgainBeforeEveryStepNotTakenFromTheFirstProbe() {
        // while web02 is deployed, the database fails over by itself to web04
        onDeploy = () -> {
            if (log.size() == 1) {
                roles.put("web01", "replica");
                roles.put("web04", "primary");
            }
        };
        GroupApply.GroupResult r = apply("");
        assertThat(r.describe()).isEqualTo("failed: roles changed: primary is now web04, was web01");
        assertThat(log).containsExactly("web02: deploy");
    }

    @Test
    void aFailedVerificationLeavesTheOldPrimaryUntouched() {
        switchWorks = false;
        GroupApply.GroupResult r = apply("");
        assertThat(r.describe()).isEqualTo("failed: switchover verification failed after 2s: primary is web01 "
                + "(expected web03 primary, web01 replica); old primary web01 left as it was");
        assertThat(log).doesNotContain("web01: deploy").contains("web01: promote web03");
        assertThat(roles).containsEntry("web01", "primary");
    }

    @Test
    void theWindowGatesEachUnitSoTheSwitchWaitsForItAfterTheReplicas() {
        // 29 March, Berlin's spring forward: the window 01:00 CET (00:00Z) lasts 2h real time, to 04:00 CEST.
        // Each deploy takes 35 minutes: three replicas end at 01:45Z; the switch (expected 35m, the longest unit
        // measured) would end at 02:20Z, after the window: it is not started, and the old primary stays as it was.
        onDeploy = () -> clock.advance(Duration.ofMinutes(35));
        clock.now = Instant.parse("2026-03-29T00:00:00Z");
        GroupApply.GroupResult r = apply("window: night");
        assertThat(r.state()).isEqualTo("waiting");
        assertThat(r.detail()).contains("the next unit is expected to take 2100s (measured)");
        assertThat(log).containsExactly("web02: deploy", "web03: deploy", "web04: deploy");
        assertThat(roles).containsEntry("web01", "primary");
    }

    @Test
    void aResumedRunAfterTheSwitchUpdatesTheOldPrimaryAndDoesNotSwitchAgain() {
        store = new dev.muster.core.store.FileRunStore(dir.resolve("store"));
        store.begin(new dev.muster.core.store.RunRecord("run-1", "apply", "@web", "x", "web[01-04]", Instant.now(),
                null, null, List.of(), null, Map.of(), Map.of()));
        failing.add("web01");
        GroupApply.GroupResult first = apply("");
        assertThat(first.describe()).isEqualTo("failed: 1 old primary failed in batch 4");
        assertThat(roles).containsEntry("web03", "primary");

        log.clear();
        failing.clear();
        resume = true;
        GroupApply.GroupResult second = apply("");
        assertThat(second.state()).isEqualTo("done");
        assertThat(log).containsExactly("web01: deploy"); // web01 is a replica now; no second switch
        assertThat(roles).containsEntry("web03", "primary").containsEntry("web01", "replica");
    }

    @Test
    void checkModeRunsNoSwitch() {
        check = true;
        GroupApply.GroupResult r = apply("");
        assertThat(r.state()).isEqualTo("done");
        assertThat(log).isEmpty(); // run steps are not run in check mode, and neither is the switch
        assertThat(roles).containsEntry("web01", "primary");
    }
}
