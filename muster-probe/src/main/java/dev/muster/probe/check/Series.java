package dev.muster.probe.check;

import java.util.ArrayList;
import java.util.List;

/** The probes of one host so far, and the state they put it in under the thresholds. */
final class Series {
    private final Thresholds thresholds;
    private final List<Probe> probes = new ArrayList<>();
    private Verdict state;          // null until a threshold is reached
    private int okRun;
    private int failRun;
    private int changes;

    Series(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    void add(Probe p) {
        probes.add(p);
        if (p.passed()) {
            okRun++;
            failRun = 0;
            if (okRun >= thresholds.passingAfter() && state != Verdict.PASSING) {
                changes += state == null ? 0 : 1;
                state = Verdict.PASSING;
            }
        } else {
            failRun++;
            okRun = 0;
            if (failRun >= thresholds.criticalAfter() && state != Verdict.CRITICAL) {
                changes += state == null ? 0 : 1;
                state = Verdict.CRITICAL;
            }
        }
    }

    /** Whether more probes would change nothing: without a window, as soon as a threshold is reached. */
    boolean done() {
        return probes.size() >= thresholds.probes() || (thresholds.window() == null && state != null);
    }

    CheckReport report(String host) {
        long passed = probes.stream().filter(Probe::passed).count();
        Verdict verdict;
        String reason;
        Probe lastFail = probes.reversed().stream().filter(p -> !p.passed()).findFirst().orElse(null);
        if (changes >= 2 || (state == null && passed > 0 && lastFail != null)) {
            verdict = Verdict.FLAPPING;
            reason = passed + " of " + probes.size() + " probes passed; last failure: " + lastFail.reason();
        } else if (state == Verdict.PASSING) {
            verdict = Verdict.PASSING;
            reason = "";
        } else {
            // like Consul, a check starts out critical: too few passes in a row is not passing
            verdict = Verdict.CRITICAL;
            reason = lastFail != null ? lastFail.reason() : probes.isEmpty() ? "no probe ran"
                    : "only " + passed + " passing probe(s); passing needs " + thresholds.passingAfter() + " in a row";
        }
        Integer status = probes.isEmpty() ? null : probes.getLast().httpStatus();
        return new CheckReport(host, verdict, reason, probes.size(), (int) passed, latencies(), status);
    }

    private List<Double> latencies() {
        List<Double> out = new ArrayList<>();
        for (Probe p : probes) {
            if (p.latencyMs() != null) {
                out.add(p.latencyMs());
            }
        }
        return out;
    }
}
