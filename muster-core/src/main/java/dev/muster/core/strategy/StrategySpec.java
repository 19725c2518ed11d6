package dev.muster.core.strategy;

import dev.muster.core.Keyed;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a plan's hosts are worked through, as validated from the plan file.
 *
 * @param kind              all at once, rolling batches, or blue-green
 * @param batches           rolling batch sizes; the last one repeats ({@code [1, 5, "25%"]}:
 *                          a canary of one, then five, then a quarter of the hosts at a time).
 *                          For {@code all}: one batch of every host
 * @param maxUnavailable    at most this many hosts of a batch are changed at once, or null for
 *                          no limit beyond {@code forks}
 * @param pause             wait between batches (zero for none)
 * @param maxFailPercentage the run stops before the next batch once failed+unreachable hosts
 *                          are strictly more than this percentage of the hosts attempted so far
 *                          (0: any failure stops; 100: never stops)
 * @param rollbackScope     which batches a failed gate rolls back
 * @param blueGreen         the two colours, for {@link Kind#BLUE_GREEN} only (modelled, not run yet)
 */
public record StrategySpec(Kind kind, List<BatchSize> batches, BatchSize maxUnavailable, Duration pause,
                           int maxFailPercentage, RollbackScope rollbackScope, BlueGreen blueGreen) {

    public enum Kind implements Keyed {
        ALL, ROLLING, BLUE_GREEN,
        /** Replicas first, then switch the primary to an updated replica, then the old primary (plan groups only). */
        SWITCHOVER;
    }

    /** Which batches a failed gate triggers the rollback for. */
    public enum RollbackScope implements Keyed {
        /** Only the batch whose gate failed. */
        BATCH,
        /** The failed batch and every batch deployed before it. */
        ALL,
        /** No rollback: stop and report. */
        NONE;
    }

    /** Two selectors; the idle one is deployed, gated, then traffic is switched by the plan's switch steps. */
    public record BlueGreen(String blue, String green) {
    }

    public StrategySpec {
        Objects.requireNonNull(kind, "kind");
        batches = List.copyOf(batches);
        pause = pause == null ? Duration.ZERO : pause;
        rollbackScope = rollbackScope == null ? RollbackScope.BATCH : rollbackScope;
        if (maxFailPercentage < 0 || maxFailPercentage > 100) {
            throw new IllegalArgumentException("max_fail_percentage must be 0-100");
        }
        if (kind == Kind.ROLLING && batches.isEmpty()) {
            throw new IllegalArgumentException("a rolling strategy needs at least one batch size");
        }
    }

    /** Every host at once (bounded by forks); any failure makes the exit code 1. */
    public static StrategySpec all() {
        return new StrategySpec(Kind.ALL, List.of(), null, Duration.ZERO, 0, RollbackScope.BATCH, null);
    }

    public static StrategySpec rolling(List<BatchSize> batches, int maxFailPercentage) {
        return new StrategySpec(Kind.ROLLING, batches, null, Duration.ZERO, maxFailPercentage,
                RollbackScope.BATCH, null);
    }

    public StrategySpec withPause(Duration pause) {
        return new StrategySpec(kind, batches, maxUnavailable, pause, maxFailPercentage, rollbackScope, blueGreen);
    }

    public StrategySpec withMaxUnavailable(BatchSize maxUnavailable) {
        return new StrategySpec(kind, batches, maxUnavailable, pause, maxFailPercentage, rollbackScope, blueGreen);
    }

    public StrategySpec withRollbackScope(RollbackScope scope) {
        return new StrategySpec(kind, batches, maxUnavailable, pause, maxFailPercentage, scope, blueGreen);
    }

    /** Batch sizes for a run of {@code total} hosts, e.g. {@code [1, 5, "25%"]} of 29 → [1, 5, 7, 7, 7, 2]. */
    public List<Integer> batchSizes(int total) {
        return Batches.sizes(kind == Kind.ROLLING || kind == Kind.SWITCHOVER ? batches : List.of(), total);
    }
}
