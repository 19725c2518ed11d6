package dev.muster.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.ExecutorOptions;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failure accounting Ansible, Salt and pyinfra users report as broken, pinned as a table.
 * Hosts are h01..hNN in batch order. max_fail_percentage counts failed + unreachable hosts over
 * every host attempted so far; a batch that takes that share strictly above the limit stops the
 * rollout before the next batch, whose hosts are skipped. A failing gate rolls its batch back.
 */
class StrategyFailureAccountingTest {

    @ParameterizedTest(name = "{index}: {0} hosts, batch {1}, max_fail {2}%, fail [{3}], unreachable [{4}], gate fails after {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # hosts | batch    | max fail % | failing   | unreachable | gate fails after batch | batches run (sizes) | skipped    | rolled back | exit | ok/changed | failed | unreachable | skipped
          10    | 3        | 20         | h02       | -           | 0                      | 3                   | h[04-10]   | -           | 1    | 2          | 1      | 0           | 7
          10    | 3        | 20         | h05       | -           | 0                      | 3,3,3,1             | -          | -           | 1    | 9          | 1      | 0           | 0
          10    | 3        | 20         | h04,h08   | -           | 0                      | 3,3,3               | h10        | -           | 1    | 7          | 2      | 0           | 1
          10    | 3        | 20         | h10       | -           | 0                      | 3,3,3,1             | -          | -           | 1    | 9          | 1      | 0           | 0
          10    | 3        | 20         | -         | h03         | 0                      | 3                   | h[04-10]   | -           | 1    | 2          | 0      | 1           | 7
          10    | 3        | 20         | h04       | h09         | 0                      | 3,3,3               | h10        | -           | 1    | 7          | 1      | 1           | 1
          10    | 3        | 0          | h09       | -           | 0                      | 3,3,3               | h10        | -           | 1    | 8          | 1      | 0           | 1
          10    | 3        | 100        | h01,h02   | h03         | 0                      | 3,3,3,1             | -          | -           | 1    | 7          | 2      | 1           | 0
          10    | 25%      | 20         | h03       | -           | 0                      | 2,2                 | h[05-10]   | -           | 1    | 3          | 1      | 0           | 6
          10    | 1,50%    | 20         | h01       | -           | 0                      | 1                   | h[02-10]   | -           | 1    | 0          | 1      | 0           | 9
          10    | 1,3      | 25         | h03       | -           | 0                      | 1,3,3,3             | -          | -           | 1    | 9          | 1      | 0           | 0
          10    | 1,3      | 24         | h03       | -           | 0                      | 1,3                 | h[05-10]   | -           | 1    | 3          | 1      | 0           | 6
          10    | 3        | 20         | -         | -           | 2                      | 3,3                 | h[07-10]   | h[04-06]    | 1    | 6          | 0      | 0           | 4
          10    | 3        | 20         | -         | -           | 0                      | 3,3,3,1             | -          | -           | 0    | 10         | 0      | 0           | 0
          10    | all      | 0          | h01,h02   | h03         | 0                      | 10                  | -          | -           | 1    | 7          | 2      | 1           | 0
          29    | 1,5,25%  | 0          | h13       | -           | 0                      | 1,5,7               | h[14-29]   | -           | 1    | 12         | 1      | 0           | 16
        """)
    void failureAccounting(int size, String batch, int maxFail, String failing, String unreachable, int gateFailsAfter,
                           String batchesRun, String skipped, String rolledBack, int exit,
                           int succeeded, int failed, int unreachableCount, int skippedCount) {
        ScriptedFleet fleet = new ScriptedFleet(size, names(failing), names(unreachable));
        StrategySpec spec = batch.equals("all")
                ? new StrategySpec(StrategySpec.Kind.ALL, List.of(), null, null, maxFail, null, null)
                : StrategySpec.rolling(sizes(batch), maxFail);
        List<Gate> gates = gateFailsAfter == 0 ? List.of()
                : List.of((b, deployed) -> b.number() == gateFailsAfter ? Gate.Verdict.fail("health 500") : Gate.Verdict.pass());
        Rollback rollback = hosts -> hosts.stream()
                .map(h -> new Outcome(h.name(), Status.CHANGED, null, 0, null, "", "", "back on previous", 1, 0, null))
                .toList();

        RolloutResult result = new Rollout(fleet.runner(), d -> { }).run(fleet.hosts, spec,
                ExecutorOptions.defaults().withForks(4), gates, rollback, RolloutListener.NONE);

        assertThat(result.batches()).extracting(b -> b.hosts().size())
                .containsExactlyElementsOf(ints(batchesRun));
        assertThat(result.hostsIn(RolloutResult.HostState.SKIPPED)).isEqualTo(set(skipped));
        assertThat(result.hostsIn(RolloutResult.HostState.ROLLED_BACK)).isEqualTo(set(rolledBack));
        assertThat(result.exitCode()).isEqualTo(exit);
        Map<Status, Integer> recap = result.counts();
        assertThat(recap.get(Status.OK) + recap.get(Status.CHANGED)).as("ok+changed").isEqualTo(succeeded);
        assertThat(recap.get(Status.FAILED)).as("failed").isEqualTo(failed);
        assertThat(recap.get(Status.UNREACHABLE)).as("unreachable").isEqualTo(unreachableCount);
        assertThat(recap.get(Status.SKIPPED)).as("skipped").isEqualTo(skippedCount);
        // Skipped hosts were never attempted, and every attempted host was attempted once.
        assertThat(fleet.attempted).doesNotHaveDuplicates().hasSize(size - skippedCount)
                .noneMatch(set(skipped)::contains);
        if (skippedCount > 0) {
            assertThat(result.stopReason()).isNotEmpty();
            assertThat(result.hosts()).filteredOn(h -> h.state() == RolloutResult.HostState.SKIPPED)
                    .allSatisfy(h -> assertThat(h.outcome().message()).startsWith("not started: ").contains(result.stopReason()));
        }
    }

    private static Set<String> names(String list) {
        return list == null ? Set.of() : Set.of(list.split(","));
    }

    private static HostSet set(String folded) {
        return folded == null ? HostSet.empty() : HostSet.parse(folded);
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static List<BatchSize> sizes(String list) {
        List<BatchSize> out = new ArrayList<>();
        for (String s : list.split(",")) {
            out.add(s.endsWith("%") ? BatchSize.percent(Integer.parseInt(s.substring(0, s.length() - 1)))
                    : BatchSize.count(Integer.parseInt(s)));
        }
        return out;
    }
}
