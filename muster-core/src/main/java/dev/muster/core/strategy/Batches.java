package dev.muster.core.strategy;

import java.util.ArrayList;
import java.util.List;

/** Splits a run's hosts into batches. */
public final class Batches {
    private Batches() {
    }

    /**
     * Sizes of consecutive batches covering {@code total} hosts. Each written size is used in
     * turn and the last one repeats; the final batch takes what is left. No sizes means one
     * batch of everything.
     */
    public static List<Integer> sizes(List<BatchSize> written, int total) {
        List<Integer> out = new ArrayList<>();
        if (written.isEmpty()) {
            if (total > 0) {
                out.add(total);
            }
            return out;
        }
        int left = total;
        for (int i = 0; left > 0; i++) {
            BatchSize size = written.get(Math.min(i, written.size() - 1));
            int n = Math.min(left, size.hostsOf(total));
            out.add(n);
            left -= n;
        }
        return out;
    }

    /** {@code items} cut into consecutive slices of the given sizes. */
    public static <T> List<List<T>> split(List<T> items, List<Integer> sizes) {
        List<List<T>> out = new ArrayList<>();
        int from = 0;
        for (int n : sizes) {
            out.add(List.copyOf(items.subList(from, from + n)));
            from += n;
        }
        if (from != items.size()) {
            throw new IllegalArgumentException("sizes cover " + from + " of " + items.size() + " items");
        }
        return out;
    }
}
