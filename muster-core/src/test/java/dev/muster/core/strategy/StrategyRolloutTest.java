package dev.muster.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.RunResult;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategyRolloutTest {
    private final ScriptedFleet fleet = new ScriptedFleet(10, Set.of(), Set.of());
    private final ExecutorOptions options = ExecutorOptions.defaults().withForks(50);

    @Test
    void batchSizesRepeatTheLastValueAndTheLastBatchTakesTheRest() {
        assertThat(Batches.sizes(List.of(BatchSize.count(1), BatchSize.count(5), BatchSize.percent(25)), 29))
                .containsExactly(1, 5, 7, 7, 7, 2);
        assertThat(Batches.sizes(List.of(BatchSize.percent(25)), 10)).containsExactly(2, 2, 2, 2, 2);
        assertThat(Batches.sizes(List.of(BatchSize.percent(1)), 3)).as("a percentage is at least one host")
                .containsExactly(1, 1, 1);
        assertThat(Batches.sizes(List.of(BatchSize.count(50)), 3)).containsExactly(3);
        assertThat(Batches.sizes(List.of(), 7)).containsExactly(7);
        assertThat(Batches.sizes(List.of(BatchSize.count(3)), 0)).isEmpty();
    }

    @Test
    void pausesOnlyBetweenBatches() {
        List<Duration> pauses = new ArrayList<>();
        StrategySpec spec = StrategySpec.rolling(List.of(BatchSize.count(4)), 0).withPause(Duration.ofSeconds(30));
        RolloutResult r = new Rollout(fleet.runner(), pauses::add).run(fleet.hosts, spec, options, List.of(),
                Rollback.NONE, RolloutListener.NONE);
        assertThat(r.batches()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void noPauseAfterABatchThatStopsTheRollout() {
        ScriptedFleet failing = new ScriptedFleet(10, Set.of("h01"), Set.of());
        List<Duration> pauses = new ArrayList<>();
        StrategySpec spec = StrategySpec.rolling(List.of(BatchSize.count(4)), 0).withPause(Duration.ofSeconds(30));
        RolloutResult r = new Rollout(failing.runner(), pauses::add).run(failing.hosts, spec, options, List.of(),
                Rollback.NONE, RolloutListener.NONE);
        assertThat(pauses).isEmpty();
        assertThat(r.stopReason()).isEqualTo("1 of 4 hosts failed after batch 1 (25%), more than max_fail_percentage 0");
    }

    @Test
    void maxUnavailableBoundsHowManyHostsOfABatchRunAtOnce() {
        List<Integer> forks = new ArrayList<>();
        BatchRunner recording = (batch, opts) -> {
            forks.add(opts.forks());
            return fleet.runner().run(batch, opts);
        };
        StrategySpec spec = StrategySpec.rolling(List.of(BatchSize.percent(50)), 0)
                .withMaxUnavailable(BatchSize.percent(20));
        new Rollout(recording, d -> { }).run(fleet.hosts, spec, options, List.of(), Rollback.NONE, RolloutListener.NONE);
        assertThat(forks).containsExactly(2, 2);
    }

    @Test
    void failedGateWithScopeAllRollsBackEveryDeployedBatchButNotFailedHosts() {
        ScriptedFleet someFail = new ScriptedFleet(10, Set.of("h02"), Set.of());
        List<String> rolledBack = new ArrayList<>();
        Rollback rollback = hosts -> hosts.stream().map(h -> {
            rolledBack.add(h.name());
            return ok(h.name());
        }).toList();
        Gate gate = (batch, deployed) -> batch.number() == 3 ? Gate.Verdict.fail("web07: status 500") : Gate.Verdict.pass();
        StrategySpec spec = StrategySpec.rolling(List.of(BatchSize.count(3)), 50)
                .withRollbackScope(StrategySpec.RollbackScope.ALL);
        RolloutResult r = new Rollout(someFail.runner(), d -> { }).run(someFail.hosts, spec, options, List.of(gate),
                rollback, RolloutListener.NONE);

        assertThat(rolledBack).containsExactly("h01", "h03", "h04", "h05", "h06", "h07", "h08", "h09");
        assertThat(r.hostsIn(RolloutResult.HostState.ROLLED_BACK)).isEqualTo(HostSet.parse("h01,h[03-09]"));
        assertThat(r.hostsIn(RolloutResult.HostState.FAILED)).isEqualTo(HostSet.parse("h02"));
        assertThat(r.hostsIn(RolloutResult.HostState.SKIPPED)).isEqualTo(HostSet.parse("h10"));
        assertThat(r.stopReason()).isEqualTo("gate failed after batch 3: web07: status 500");
        assertThat(r.batches().get(2).gate()).isEqualTo(Gate.Verdict.fail("web07: status 500"));
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void gateSeesOnlyTheBatchHostsTheWorkSucceededOn() {
        ScriptedFleet someFail = new ScriptedFleet(4, Set.of("h02"), Set.of());
        List<List<String>> seen = new ArrayList<>();
        Gate gate = (batch, deployed) -> {
            seen.add(deployed.stream().map(Host::name).toList());
            return Gate.Verdict.pass();
        };
        new Rollout(someFail.runner(), d -> { }).run(someFail.hosts, StrategySpec.rolling(List.of(BatchSize.count(2)), 100),
                options, List.of(gate), Rollback.NONE, RolloutListener.NONE);
        assertThat(seen).containsExactly(List.of("h01"), List.of("h03", "h04"));
    }

    @Test
    void aRollbackThatFailsOrIsMissingLeavesTheHostMarkedRollbackFailed() {
        Rollback partial = hosts -> List.of(ok("h01"),
                new Outcome("h02", Status.FAILED, FailureKind.COMMAND_FAILED, 1, null, "", "", "no previous release",
                        1, 0, null));
        Gate gate = (batch, deployed) -> Gate.Verdict.fail("down");
        RolloutResult r = new Rollout(fleet.runner(), d -> { }).run(fleet.hosts,
                StrategySpec.rolling(List.of(BatchSize.count(3)), 0), options, List.of(gate), partial,
                RolloutListener.NONE);
        assertThat(r.hostsIn(RolloutResult.HostState.ROLLED_BACK)).isEqualTo(HostSet.parse("h01"));
        assertThat(r.hostsIn(RolloutResult.HostState.ROLLBACK_FAILED)).isEqualTo(HostSet.parse("h[02-03]"));
        assertThat(r.hosts().get(1).detail()).isEqualTo("no previous release");
        assertThat(r.hosts().get(2).detail()).isEqualTo("no rollback outcome");
    }

    @Test
    void anInterruptedBatchStopsTheRolloutWithExit130() {
        BatchRunner interrupted = (batch, opts) -> new RunResult(
                batch.hosts().stream().map(h -> Outcome.skipped(h.name(), FailureKind.CANCELLED, "cancelled")).toList(),
                Instant.EPOCH, Duration.ZERO, true);
        RolloutResult r = new Rollout(interrupted, d -> { }).run(fleet.hosts,
                StrategySpec.rolling(List.of(BatchSize.count(5)), 100), options, List.of(), Rollback.NONE,
                RolloutListener.NONE);
        assertThat(r.batches()).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.hosts().get(9).detail()).isEqualTo("not started: interrupted during batch 1");
    }

    private static Outcome ok(String host) {
        return new Outcome(host, Status.CHANGED, null, 0, null, "", "", "switched back", 1, 0, null);
    }
}
