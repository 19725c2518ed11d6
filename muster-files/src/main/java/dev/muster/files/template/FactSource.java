package dev.muster.files.template;

import dev.muster.core.exec.Connection;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.StepContext;
import dev.muster.core.exec.StepFailure;
import java.time.Duration;

/**
 * Where a host's {@link Facts} come from when a template first reads {@code facts}. It is called
 * only then, so a source that connects (see {@link #over(Connection, Duration)}) costs nothing for
 * templates that do not use facts.
 */
@FunctionalInterface
public interface FactSource {

    Facts gather() throws StepFailure, InterruptedException;

    /** Gathers over an open connection (e.g. a step's {@code context.connection()}). */
    static FactSource over(Connection connection, Duration timeout) {
        return () -> Facts.gather(connection, timeout);
    }

    /**
     * Gathers over a step's connection, which the step context opens (or leases from the pool) only
     * when facts are first read: the way for a template step to render.
     */
    static FactSource from(StepContext context) {
        return () -> Facts.gather(context.connection(), context.remaining());
    }

    /** Fixed facts, for tests and for hosts whose facts were gathered before. */
    static FactSource of(Facts facts) {
        return () -> facts;
    }

    /** For previews with no way to reach the host: a template reading {@code facts} fails. */
    static FactSource unavailable(String why) {
        return () -> {
            throw new StepFailure(FailureKind.INTERNAL, "facts are not available: " + why);
        };
    }

    /** This source, asked at most once however many templates read facts for the host. */
    default FactSource memoized() {
        FactSource inner = this;
        return new FactSource() {
            private Facts facts;

            @Override
            public synchronized Facts gather() throws StepFailure, InterruptedException {
                if (facts == null) {
                    facts = inner.gather();
                }
                return facts;
            }
        };
    }
}
