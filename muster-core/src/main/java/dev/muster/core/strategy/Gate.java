package dev.muster.core.strategy;

import dev.muster.core.inventory.Host;
import java.util.List;

/**
 * A check run after each batch, on the batch's hosts that the step succeeded on (e.g. an HTTP
 * health check with passing/critical thresholds; those live in muster-probe). A failed gate
 * stops the rollout and triggers the rollback.
 */
@FunctionalInterface
public interface Gate {

    Verdict check(Batch batch, List<Host> deployed) throws InterruptedException;

    /** A short description for reports ("http://{address}/health"). */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Pass or fail, with a reason a human can act on ("web03: status 500 (expected 200)"). */
    record Verdict(boolean passed, String reason) {
        public static Verdict pass() {
            return new Verdict(true, "");
        }

        public static Verdict fail(String reason) {
            return new Verdict(false, reason);
        }
    }
}
