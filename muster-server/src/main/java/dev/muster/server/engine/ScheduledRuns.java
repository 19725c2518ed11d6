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

    public ScheduledRuns(EngineBridge bridge, ServerMetrics metrics, Store store) {
        this.bridge = bridge;
        this.metrics = metrics;
        this.store = store;
    }

    @Override
    public void fired(Firing f) {
        metrics.scheduleFired(Duration.between(f.scheduledAt(), f.firedAt()));
        store.audit().append("scheduler", "schedule.fire", f.schedule(), f.outcome().key(), f.runId());
        if (f.outcome() == Firing.Outcome.DISPATCHED && bridge != null) {
            bridge.wake();
        }
    }
}
