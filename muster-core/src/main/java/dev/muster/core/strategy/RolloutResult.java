package dev.muster.core.strategy;

import dev.muster.core.Tally;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import java.util.List;
import java.util.Map;

/**
 * Where every host of a rollout ended up, batch by batch.
 *
 * @param hosts      one report per host, in run order
 * @param batches    the batches that ran, in order (batches never started are absent)
 * @param plannedBatches how many batches the rollout was cut into
 * @param stopReason why the rollout stopped early, or empty when every batch ran
 * @param cancelled  true when it was interrupted
 */
public record RolloutResult(List<HostReport> hosts, List<BatchReport> batches, int plannedBatches,
                            String stopReason, boolean cancelled) {

    public RolloutResult {
        hosts = List.copyOf(hosts);
        batches = List.copyOf(batches);
        stopReason = stopReason == null ? "" : stopReason;
    }

    /** Where a host ended up. */
    public enum HostState {
        /** The work succeeded (ok or changed) and was not rolled back. */
        DEPLOYED,
        /** The work failed or the host was unreachable. */
        FAILED,
        /** Deployed, then a gate failed and the rollback succeeded. */
        ROLLED_BACK,
        /** Deployed, a gate failed, and the rollback failed or was not configured. */
        ROLLBACK_FAILED,
        /** Never attempted: the rollout stopped before its batch. */
        SKIPPED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * @param host    host name
     * @param state   where it ended up
     * @param outcome the work's outcome (for skipped hosts: a skipped outcome with the reason)
     * @param batch   1-based batch it was in, 0 when its batch never started
     * @param detail  the rollback's message, or the skip reason, or empty
     */
    public record HostReport(String host, HostState state, Outcome outcome, int batch, String detail) {
        /** A host whose work never started, and why. */
        public static HostReport skipped(String host, String why) {
            return new HostReport(host, HostState.SKIPPED, Outcome.skipped(host, null, why), 0, why);
        }
    }

    /**
     * @param number   1-based
     * @param hosts    the batch's hosts
     * @param failed   failed + unreachable hosts in this batch
     * @param failedSoFar failed + unreachable hosts in this and every earlier batch
     * @param attemptedSoFar hosts in this and every earlier batch
     * @param gate     the first failed gate's verdict, a pass when every gate passed, or null
     *                 when no gate ran
     * @param work     how long the batch's work (steps and handlers) took
     * @param gating   how long its gates took (zero when none ran)
     */
    public record BatchReport(int number, HostSet hosts, int failed, int failedSoFar, int attemptedSoFar,
                              Gate.Verdict gate, java.time.Duration work, java.time.Duration gating) {
    }

    /** 0 every host deployed; 130 interrupted; otherwise 1 (failed, skipped or rolled back hosts). */
    public int exitCode() {
        if (cancelled) {
            return 130;
        }
        return hosts.stream().allMatch(h -> h.state() == HostState.DEPLOYED) ? 0 : 1;
    }

    public Map<HostState, Integer> stateCounts() {
        return Tally.of(HostState.class, hosts, HostReport::state);
    }

    /** The recap: ok / changed / failed / unreachable / skipped by the work's outcomes. */
    public Map<Status, Integer> counts() {
        return Tally.of(Status.class, hosts, h -> h.outcome().status());
    }

    public HostSet hostsIn(HostState state) {
        return HostSet.of(hosts.stream().filter(h -> h.state() == state).map(HostReport::host).toList());
    }

    public List<Outcome> outcomes() {
        return hosts.stream().map(HostReport::outcome).toList();
    }
}
