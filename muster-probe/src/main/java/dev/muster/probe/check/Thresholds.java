package dev.muster.probe.check;

import dev.muster.core.InputException;
import java.time.Duration;

/**
 * When a host counts as passing or critical, as Consul does it: after {@code passingAfter}
 * consecutive passing probes, or {@code criticalAfter} consecutive failing ones.
 *
 * @param interval time between probes of one host
 * @param window   keep probing for this long (--for) and judge the whole series; null to stop as
 *                 soon as the host is passing or critical
 */
public record Thresholds(int passingAfter, int criticalAfter, Duration interval, Duration window) {

    public static final Thresholds ONCE = new Thresholds(1, 1, Duration.ofSeconds(1), null);

    public Thresholds {
        if (passingAfter < 1 || criticalAfter < 1) {
            throw new InputException("--passing-after and --critical-after must be at least 1");
        }
        if (interval == null || interval.isNegative()) {
            throw new InputException("--interval must be a positive duration");
        }
        if (window != null && window.isNegative()) {
            throw new InputException("--for must be a positive duration");
        }
        int probes = probes(passingAfter, criticalAfter, interval, window);
        if (window != null && probes < Math.max(passingAfter, criticalAfter)) {
            throw new InputException("--for " + text(window) + " at --interval " + text(interval) + " allows "
                    + probes + " probe(s), fewer than --passing-after " + passingAfter + " / --critical-after "
                    + criticalAfter + " need");
        }
    }

    /** Probes per host: over the window, or at most enough to decide without one. */
    public int probes() {
        return probes(passingAfter, criticalAfter, interval, window);
    }

    private static int probes(int passingAfter, int criticalAfter, Duration interval, Duration window) {
        if (window == null) {
            // the longest undecided run alternates; past this, call it flapping
            return passingAfter + criticalAfter + Math.max(passingAfter, criticalAfter) - 1;
        }
        long gap = Math.max(1, interval.toMillis());
        return (int) Math.min(10_000, window.toMillis() / gap + 1);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
