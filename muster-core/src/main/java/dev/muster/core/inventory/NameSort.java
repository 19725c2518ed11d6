package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts names into {@link NameOrder} and drops duplicates, fast for large sets: names are
 * bucketed by pattern (consecutive names usually share one, so most are placed without
 * building it), buckets are ordered by pattern, and within a bucket names are ordered by their
 * packed numbered runs ({@link Index}) rather than by comparing text.
 */
final class NameSort {
    private NameSort() {
    }

    private record Keyed(long code, String name) {
    }

    private record KeyedVector(long[] codes, String name) {
    }

    private static final class Bucket {
        final String sample;
        final List<String> names = new ArrayList<>();

        Bucket(String sample) {
            this.sample = sample;
        }
    }

    static String[] sort(String[] names) {
        Map<String, Bucket> byPattern = new HashMap<>();
        Bucket last = null;
        for (String name : names) {
            if (last == null || !NameOrder.samePattern(last.sample, name)) {
                last = byPattern.computeIfAbsent(NameOrder.pattern(name), p -> new Bucket(name));
            }
            last.names.add(name);
        }
        String[] patterns = byPattern.keySet().toArray(new String[0]);
        Arrays.sort(patterns);
        String[] out = new String[names.length];
        int n = 0;
        for (String pattern : patterns) {
            n = sortBucket(byPattern.get(pattern), out, n);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Appends the bucket's names in order, each once; returns the new length. */
    private static int sortBucket(Bucket bucket, String[] out, int n) {
        List<String> names = bucket.names;
        int dims = Index.dims(bucket.sample);
        int start = n;
        if (dims == 0) {
            out[n++] = bucket.sample; // every name of the bucket is this one
            return n;
        }
        if (dims == 1) {
            long[] codes = new long[names.size()];
            boolean ascending = true;
            for (int i = 0; i < codes.length; i++) {
                String name = names.get(i);
                codes[i] = Index.code(name, NameOrder.nextIndex(name, 0));
                ascending &= i == 0 || codes[i] > codes[i - 1];
            }
            if (ascending) { // as a range expands: already in order, no duplicates
                for (String name : names) {
                    out[n++] = name;
                }
                return n;
            }
            Keyed[] keyed = new Keyed[codes.length];
            for (int i = 0; i < keyed.length; i++) {
                keyed[i] = new Keyed(codes[i], names.get(i));
            }
            Arrays.sort(keyed, (a, b) -> Long.compare(a.code, b.code));
            for (Keyed k : keyed) {
                if (n == start || !out[n - 1].equals(k.name)) {
                    out[n++] = k.name;
                }
            }
            return n;
        }
        KeyedVector[] keyed = new KeyedVector[names.size()];
        for (int i = 0; i < keyed.length; i++) {
            keyed[i] = new KeyedVector(Index.vector(names.get(i), dims), names.get(i));
        }
        Arrays.sort(keyed, (a, b) -> Arrays.compare(a.codes, b.codes));
        for (KeyedVector k : keyed) {
            if (n == start || !out[n - 1].equals(k.name)) {
                out[n++] = k.name;
            }
        }
        return n;
    }
}
