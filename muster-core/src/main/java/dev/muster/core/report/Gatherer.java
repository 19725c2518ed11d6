package dev.muster.core.report;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.inventory.HostSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds hosts with identical outcomes into one {@link OutputGroup}, so 500 hosts print as a
 * few blocks. Largest group first; ties broken by the first host name.
 */
public final class Gatherer {
    static final int MAX_MESSAGES = 3;

    private Gatherer() {
    }

    public static List<OutputGroup> gather(List<Outcome> outcomes) {
        Map<Key, Bucket> buckets = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Key key = new Key(o.status(), o.kind(), o.exitCode(), o.signal(), o.stdout(), o.stderr());
            buckets.computeIfAbsent(key, k -> new Bucket()).add(o);
        }
        List<OutputGroup> groups = new ArrayList<>(buckets.size());
        buckets.forEach((k, b) -> groups.add(new OutputGroup(HostSet.of(b.hosts), k.status, k.kind, k.exitCode,
                k.signal, k.stdout, k.stderr, new ArrayList<>(b.messages))));
        groups.sort(Comparator.comparingInt((OutputGroup g) -> -g.hosts().size())
                .thenComparing(g -> g.hosts().names().getFirst(), HostSet.NAME_ORDER));
        return groups;
    }

    private record Key(Status status, FailureKind kind, Integer exitCode, String signal, String stdout,
                       String stderr) {
    }

    private static final class Bucket {
        final List<String> hosts = new ArrayList<>();
        final Set<String> messages = new LinkedHashSet<>();

        void add(Outcome o) {
            hosts.add(o.host());
            if (!o.message().isEmpty() && messages.size() < MAX_MESSAGES) {
                messages.add(o.message());
            }
        }
    }
}
