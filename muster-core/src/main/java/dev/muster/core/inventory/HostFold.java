package dev.muster.core.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds names sorted in {@link NameOrder} into ClusterShell's range notation, as
 * {@code nodeset -f} does: every run of digits is a dimension ({@code web[1-3].dc1},
 * {@code rack[1-2]node[1-3]}); names sharing a pattern fold together; within one dimension a
 * range joins consecutive numbers of one padding ({@code node[1-2,01,10]}, {@code node[09-11]}).
 * Names with one numbered run fold exactly as nodeset folds them; names with several are
 * grouped by {@link FoldGrid}, which covers the same names with at most as many blocks as
 * nodeset on the sets we test, though it may cut them differently.
 */
final class HostFold {
    private HostFold() {
    }

    static String fold(String[] sortedNames) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sortedNames.length) {
            int j = i + 1;
            while (j < sortedNames.length && NameOrder.samePattern(sortedNames[i], sortedNames[j])) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            appendPattern(out, sortedNames, i, j);
            i = j;
        }
        return out.toString();
    }

    /** Names [from, to) share one pattern. */
    private static void appendPattern(StringBuilder out, String[] names, int from, int to) {
        Shape shape = Shape.of(names[from]);
        if (shape.dims() == 0) {
            out.append(names[from]);
        } else if (shape.dims() == 1) {
            long[] indexes = new long[to - from];
            for (int k = from; k < to; k++) {
                indexes[k - from] = Index.code(names[k], NameOrder.nextIndex(names[k], 0));
            }
            shape.append(out, new long[][] {indexes});
        } else {
            List<long[]> vectors = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                vectors.add(Index.vector(names[k], shape.dims()));
            }
            List<long[][]> blocks = FoldGrid.fold(vectors, shape.dims());
            for (int b = 0; b < blocks.size(); b++) {
                if (b > 0) {
                    out.append(',');
                }
                shape.append(out, blocks.get(b));
            }
        }
    }

    /** A pattern's literal pieces around its numbered runs: {@code web}, {@code .dc}, {@code ""}. */
    private record Shape(String[] pieces) {
        static Shape of(String name) {
            List<String> pieces = new ArrayList<>();
            int k = 0;
            int start;
            while ((start = NameOrder.nextIndex(name, k)) >= 0) {
                pieces.add(name.substring(k, start));
                k = NameOrder.digitsEnd(name, start);
            }
            pieces.add(name.substring(k));
            return new Shape(pieces.toArray(new String[0]));
        }

        int dims() {
            return pieces.length - 1;
        }

        /** One block: each dimension's sorted index codes, bracketed when more than one. */
        void append(StringBuilder out, long[][] block) {
            for (int d = 0; d < block.length; d++) {
                out.append(pieces[d]);
                if (block[d].length == 1) {
                    Index.append(out, block[d][0]);
                } else {
                    out.append('[');
                    appendRanges(out, block[d]);
                    out.append(']');
                }
            }
            out.append(pieces[block.length]);
        }
    }

    /** Sorted codes as nodeset writes a range set: runs of consecutive numbers of one padding. */
    static void appendRanges(StringBuilder out, long[] codes) {
        int i = 0;
        while (i < codes.length) {
            int j = i;
            while (j + 1 < codes.length && Index.continues(codes[i], codes[j], codes[j + 1])) {
                j++;
            }
            if (i > 0) {
                out.append(',');
            }
            Index.append(out, codes[i]);
            if (j > i) {
                out.append('-');
                Index.append(out, codes[j]);
            }
            i = j + 1;
        }
    }
}
