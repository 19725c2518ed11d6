package dev.muster.server.engine;

import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.schedule.Firing;
import dev.muster.server.schedule.FiringListener;
import dev.muster.server.store.Store;
import java.time.Duration;

/**
 * Turns schedule firings into runs: the scheduler has already queued the run, so a dispatched
 * firing only wakes the bridge (which claims it like any queued run), and its lag is measured.
 */
public final class ScheduledRuns implements FiringListener {
    private final EngineBridge bridge;
    private final ServerMetrics metrics;
    private final Store store;
    private final RunTargets targets;

    public ScheduledRuns(EngineBridge bridge, ServerMetrics metrics, Store store, RunTargets targets) {
        this.bridge = bridge;
        this.metrics = metrics;
        this.store = store;
        this.targets = targets;
    }

    @Override
    public void fired(Firing f) {
        metrics.scheduleFired(Duration.between(f.scheduledAt(), f.firedAt()));
        store.audit().append("scheduler", "schedule.fire", f.schedule(), f.outcome().key(), f.runId(),
                environments(f.schedule()));
        if (f.outcome() == Firing.Outcome.DISPATCHED && bridge != null) {
            bridge.wake();
        }
    }

    /** Where the schedule's runs go (for who may read the audit entry); none when that cannot be told. */
    private java.util.Set<String> environments(String schedule) {
        try {
            return store.schedules().get(schedule).map(s -> RunTargets.environments(targets.hostsOf(s.target())))
                    .orElse(java.util.Set.of());
        } catch (RuntimeException e) {
            return java.util.Set.of();
        }
    }
}
