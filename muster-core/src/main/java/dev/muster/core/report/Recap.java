package dev.muster.core.report;

import dev.muster.core.Tally;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run summary: how many hosts per status, and which hosts failed, folded, per
 * failure kind.
 *
 * @param counts      hosts per status (every status present, zeros included)
 * @param byKind      failed/unreachable/skipped hosts per failure kind
 * @param total       hosts in the run
 */
public record Recap(Map<Status, Integer> counts, Map<FailureKind, HostSet> byKind, int total) {

    public static Recap of(List<Outcome> outcomes) {
        Map<Status, Integer> counts = Tally.of(Status.class, outcomes, Outcome::status);
        Map<FailureKind, List<String>> names = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (!o.success() && o.kind() != null) {
                names.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o.host());
            }
        }
        Map<FailureKind, HostSet> byKind = new EnumMap<>(FailureKind.class);
        names.forEach((k, v) -> byKind.put(k, HostSet.of(v)));
        return new Recap(counts, byKind, outcomes.size());
    }

    public int count(Status status) {
        return counts.getOrDefault(status, 0);
    }

    public boolean allSucceeded() {
        return count(Status.OK) + count(Status.CHANGED) == total;
    }
}
