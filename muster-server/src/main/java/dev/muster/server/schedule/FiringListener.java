package dev.muster.server.schedule;

/**
 * Told of every firing after it is committed to the store. The engine layer starts the run
 * (claiming it by {@link Firing#runId()}) for {@link Firing.Outcome#DISPATCHED}; a queued run is
 * left for whoever claims queued runs once the schedule's earlier run has finished. A listener
 * that throws does not undo the firing: the run stays queued for a claim.
 */
@FunctionalInterface
public interface FiringListener {
    void fired(Firing firing);
}
