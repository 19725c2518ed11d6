package dev.muster.core.strategy;

import dev.muster.core.exec.Outcome;
import dev.muster.core.inventory.Host;
import java.util.List;

/**
 * Undoes a deploy on hosts after a failed gate (e.g. switches {@code current} back to the
 * previous release and restarts). Returns one outcome per host; a successful outcome means the
 * host is back on its previous state.
 */
@FunctionalInterface
public interface Rollback {

    List<Outcome> rollback(List<Host> hosts) throws InterruptedException;

    /** No rollback configured: every host asked for stays as it is (reported as not rolled back). */
    Rollback NONE = hosts -> List.of();
}
