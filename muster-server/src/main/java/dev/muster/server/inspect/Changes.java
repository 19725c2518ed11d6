package dev.muster.server.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What changed since the previous report: checks failing now that were not failing then (new
 * failures, the ones alerts are sent for), checks failing then that are not failing now
 * (recovered), and checks failing in both (still failing).
 *
 * @param previousId the report compared with, or null for the first report of an inspection (whose
 *                   failures are all new)
 */
public record Changes(String previousId, List<Change> newFailures, List<Change> recovered,
                      List<Change> stillFailing) {

    public Changes {
        newFailures = List.copyOf(newFailures);
        recovered = List.copyOf(recovered);
        stillFailing = List.copyOf(stillFailing);
    }

    public static Changes none() {
        return new Changes(null, List.of(), List.of(), List.of());
    }

    /** Compares {@code now} with the rows of the previous report ({@code host -> check -> status}). */
    static Changes between(String previousId, Map<String, Map<String, CheckStatus>> before, List<HostResult> now) {
        List<Change> fresh = new ArrayList<>();
        List<Change> recovered = new ArrayList<>();
        List<Change> still = new ArrayList<>();
        for (HostResult h : now) {
            Map<String, CheckStatus> was = before.getOrDefault(h.host(), Map.of());
            if (was.get(Inspector.REACHABLE) == CheckStatus.FAIL
                    && h.checks().stream().noneMatch(c -> c.check().equals(Inspector.REACHABLE))) {
                recovered.add(new Change(h.host(), Inspector.REACHABLE, CheckStatus.FAIL, CheckStatus.PASS, ""));
            }
            for (CheckResult c : h.checks()) {
                CheckStatus prev = was.get(c.check());
                if (c.status() == CheckStatus.FAIL) {
                    (prev == CheckStatus.FAIL ? still : fresh).add(new Change(h.host(), c.check(), prev, c.status(),
                            c.message()));
                } else if (prev == CheckStatus.FAIL) {
                    recovered.add(new Change(h.host(), c.check(), prev, c.status(), c.message()));
                }
            }
        }
        // another failing check that is gone now (removed from the inspection) is not "recovered"
        return new Changes(previousId, fresh, recovered, still);
    }

    public boolean isEmpty() {
        return newFailures.isEmpty() && recovered.isEmpty() && stillFailing.isEmpty();
    }
}
