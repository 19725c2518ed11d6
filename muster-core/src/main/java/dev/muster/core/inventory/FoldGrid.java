package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Covers a set of index vectors (names of one pattern with several numbered runs) with few
 * blocks, a block being one set of indexes per dimension ({@code rack[1-2]node[1-3]}).
 * For each order of the dimensions, vectors are grouped by their first index, and indexes
 * whose remaining blocks are the same are joined; then blocks that differ in one dimension
 * only, with disjoint indexes there, are merged. The order giving the fewest blocks wins (the
 * first on a tie); blocks come largest first, as nodeset lists them.
 */
final class FoldGrid {
    /** Beyond this many dimensions only the written order and its reverse are tried. */
    private static final int ALL_ORDERS_UP_TO = 4;

    private FoldGrid() {
    }

    /**
     * The blocks covering {@code vectors} exactly (distinct vectors of {@code dims} codes each).
     * Vectors that share no index in any dimension with the others form separate parts, each
     * folded in the order best for it (as nodeset folds them independently), then merged.
     */
    static List<long[][]> fold(List<long[]> vectors, int dims) {
        List<List<long[]>> parts = parts(vectors, dims);
        if (parts.size() == 1) {
            List<long[][]> best = bestOrder(vectors, dims);
            best.sort(NODESET_ORDER);
            return best;
        }
        List<long[][]> all = new ArrayList<>();
        for (List<long[]> part : parts) {
            all.addAll(bestOrder(part, dims));
        }
        all = merge(all, dims);
        all.sort(NODESET_ORDER);
        return all;
    }

    /** The vectors split into groups connected by a shared index in some dimension (union-find). */
    private static List<List<long[]>> parts(List<long[]> vectors, int dims) {
        int[] parent = new int[vectors.size()];
        for (int k = 0; k < parent.length; k++) {
            parent[k] = k;
        }
        Map<Long, Integer>[] first = new HashMap[dims];
        for (int d = 0; d < dims; d++) {
            first[d] = new HashMap<>();
        }
        for (int k = 0; k < vectors.size(); k++) {
            for (int d = 0; d < dims; d++) {
                Integer other = first[d].putIfAbsent(vectors.get(k)[d], k);
                if (other != null) {
                    parent[root(parent, k)] = root(parent, other);
                }
            }
        }
        Map<Integer, List<long[]>> byRoot = new LinkedHashMap<>();
        for (int k = 0; k < vectors.size(); k++) {
            byRoot.computeIfAbsent(root(parent, k), r -> new ArrayList<>()).add(vectors.get(k));
        }
        return new ArrayList<>(byRoot.values());
    }

    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    /** The fewest blocks any order of the dimensions gives (the first order on a tie), unsorted. */
    private static List<long[][]> bestOrder(List<long[]> vectors, int dims) {
        List<long[][]> best = null;
        for (int[] order : orders(dims)) {
            List<long[]> permuted = new ArrayList<>(vectors.size());
            for (long[] v : vectors) {
                long[] p = new long[dims];
                for (int d = 0; d < dims; d++) {
                    p[d] = v[order[d]];
                }
                permuted.add(p);
            }
            List<long[][]> blocks = new ArrayList<>();
            for (long[][] block : split(permuted, 0, dims)) {
                long[][] back = new long[dims][];
                for (int d = 0; d < dims; d++) {
                    back[order[d]] = block[d];
                }
                blocks.add(back);
            }
            blocks = merge(blocks, dims);
            if (best == null || blocks.size() < best.size()) {
                best = blocks;
            }
        }
        return best;
    }

    /** Groups by the index at {@code dim}; indexes with identical remaining blocks join. */
    private static List<long[][]> split(List<long[]> vectors, int dim, int dims) {
        if (dim == dims - 1) {
            long[] last = new long[vectors.size()];
            for (int k = 0; k < last.length; k++) {
                last[k] = vectors.get(k)[dim];
            }
            Arrays.sort(last);
            return List.<long[][]>of(new long[][] {distinct(last)});
        }
        TreeMap<Long, List<long[]>> byIndex = new TreeMap<>();
        for (long[] v : vectors) {
            byIndex.computeIfAbsent(v[dim], k -> new ArrayList<>()).add(v);
        }
        Map<Tails, List<Long>> joined = new LinkedHashMap<>();
        for (Map.Entry<Long, List<long[]>> e : byIndex.entrySet()) {
            joined.computeIfAbsent(new Tails(split(e.getValue(), dim + 1, dims)), k -> new ArrayList<>()).add(e.getKey());
        }
        List<long[][]> out = new ArrayList<>();
        for (Map.Entry<Tails, List<Long>> e : joined.entrySet()) {
            long[] indexes = e.getValue().stream().mapToLong(Long::longValue).toArray();
            for (long[][] tail : e.getKey().blocks) {
                long[][] block = new long[dims - dim][];
                block[0] = indexes;
                System.arraycopy(tail, 0, block, 1, tail.length);
                out.add(block);
            }
        }
        return out;
    }

    /** Merges blocks equal in every dimension but one and disjoint there, until none are. */
    private static List<long[][]> merge(List<long[][]> blocks, int dims) {
        boolean changed = true;
        while (changed && blocks.size() > 1) {
            changed = false;
            for (int d = 0; d < dims; d++) {
                Map<Others, long[][]> byOthers = new HashMap<>();
                List<long[][]> kept = new ArrayList<>(blocks.size());
                for (long[][] block : blocks) {
                    Others key = new Others(block, d);
                    long[][] into = byOthers.get(key);
                    if (into != null && disjoint(into[d], block[d])) {
                        into[d] = union(into[d], block[d]);
                        changed = true;
                    } else {
                        if (into == null) {
                            byOthers.put(key, block);
                        }
                        kept.add(block);
                    }
                }
                blocks = kept;
            }
        }
        return blocks;
    }

    /** nodeset's order of blocks: more names first, then per dimension more indexes, lower bounds as text. */
    private static final Comparator<long[][]> NODESET_ORDER = (a, b) -> {
        int bySize = Long.compare(size(b), size(a));
        if (bySize != 0) {
            return bySize;
        }
        for (int d = 0; d < a.length; d++) {
            int byCount = Integer.compare(b[d].length, a[d].length);
            if (byCount != 0) {
                return byCount;
            }
            int byFirst = Index.text(a[d][0]).compareTo(Index.text(b[d][0]));
            if (byFirst != 0) {
                return byFirst;
            }
            int byLast = Index.text(a[d][a[d].length - 1]).compareTo(Index.text(b[d][b[d].length - 1]));
            if (byLast != 0) {
                return byLast;
            }
        }
        return 0;
    };

    private static long size(long[][] block) {
        long n = 1;
        for (long[] indexes : block) {
            n *= indexes.length;
        }
        return n;
    }

    private static List<int[]> orders(int dims) {
        List<int[]> out = new ArrayList<>();
        int[] identity = new int[dims];
        for (int d = 0; d < dims; d++) {
            identity[d] = d;
        }
        if (dims > ALL_ORDERS_UP_TO) {
            int[] reverse = new int[dims];
            for (int d = 0; d < dims; d++) {
                reverse[d] = dims - 1 - d;
            }
            return List.of(identity, reverse);
        }
        permute(identity, 0, out);
        return out;
    }

    /** Permutations in lexicographic order, the identity first. */
    private static void permute(int[] items, int from, List<int[]> out) {
        if (from == items.length) {
            out.add(items.clone());
            return;
        }
        for (int k = from; k < items.length; k++) {
            int[] next = items.clone();
            int picked = next[k];
            System.arraycopy(next, from, next, from + 1, k - from);
            next[from] = picked;
            permute(next, from + 1, out);
        }
    }

    private static long[] distinct(long[] sorted) {
        int n = 0;
        for (int k = 0; k < sorted.length; k++) {
            if (n == 0 || sorted[n - 1] != sorted[k]) {
                sorted[n++] = sorted[k];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }

    private static boolean disjoint(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                return false;
            }
            if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return true;
    }

    private static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.sort(out);
        return out;
    }

    /** The blocks of a tail, compared by content. */
    private static final class Tails {
        final List<long[][]> blocks;
        private final int hash;

        Tails(List<long[][]> blocks) {
            this.blocks = blocks;
            int h = 1;
            for (long[][] block : blocks) {
                h = 31 * h + Arrays.deepHashCode(block);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Tails other) || other.hash != hash || other.blocks.size() != blocks.size()) {
                return false;
            }
            for (int k = 0; k < blocks.size(); k++) {
                if (!Arrays.deepEquals(blocks.get(k), other.blocks.get(k))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A block seen without one dimension: blocks equal here differ at most in that dimension. */
    private static final class Others {
        private final long[][] block;
        private final int skip;
        private final int hash;

        Others(long[][] block, int skip) {
            this.block = block;
            this.skip = skip;
            int h = skip;
            for (int d = 0; d < block.length; d++) {
                if (d != skip) {
                    h = 31 * h + Arrays.hashCode(block[d]);
                }
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Others other) || other.hash != hash || other.skip != skip) {
                return false;
            }
            for (int d = 0; d < block.length; d++) {
                if (d != skip && !Arrays.equals(block[d], other.block[d])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
