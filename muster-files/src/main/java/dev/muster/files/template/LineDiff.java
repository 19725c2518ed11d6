package dev.muster.files.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The shortest edit script between two lists of lines (Myers' O(ND) algorithm), after stripping
 * the common head and tail. Past {@link #MAX_EDITS} differences it gives up on minimality and
 * replaces the differing middle whole, which keeps memory bounded for unrelated files.
 */
final class LineDiff {
    static final int MAX_EDITS = 2000;

    enum Op { KEEP, DELETE, INSERT }

    private LineDiff() {
    }

    static List<Op> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int head = 0;
        while (head < n && head < m && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head && a.get(n - 1 - tail).equals(b.get(m - 1 - tail))) {
            tail++;
        }
        List<Op> ops = new ArrayList<>(n + m);
        ops.addAll(Collections.nCopies(head, Op.KEEP));
        List<String> midA = a.subList(head, n - tail);
        List<String> midB = b.subList(head, m - tail);
        List<Op> middle = myers(midA, midB);
        if (middle == null) {
            middle = new ArrayList<>(Collections.nCopies(midA.size(), Op.DELETE));
            middle.addAll(Collections.nCopies(midB.size(), Op.INSERT));
        }
        ops.addAll(middle);
        ops.addAll(Collections.nCopies(tail, Op.KEEP));
        return ops;
    }

    /** The edit script, or null when it needs more than {@link #MAX_EDITS} edits. */
    private static List<Op> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            if (d > MAX_EDITS) {
                return null;
            }
            trace.add(Arrays.copyOfRange(v, offset - d, offset + d + 1));
            for (int k = -d; k <= d; k += 2) {
                boolean down = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]);
                int x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, n, m, d);
                }
            }
        }
        throw new IllegalStateException("unreachable: an edit script always exists");
    }

    /** Walks the saved frontiers back from (n, m); trace[d] holds v[-d..d] as it was before step d. */
    private static List<Op> backtrack(List<int[]> trace, int n, int m, int edits) {
        List<Op> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = edits; d > 0; d--) {
            int[] frontier = trace.get(d);
            int k = x - y;
            boolean down = k == -d || (k != d && frontier[k - 1 + d] < frontier[k + 1 + d]);
            int prevK = down ? k + 1 : k - 1;
            int prevX = frontier[prevK + d];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                reversed.add(Op.KEEP);
                x--;
                y--;
            }
            reversed.add(down ? Op.INSERT : Op.DELETE);
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) {
            reversed.add(Op.KEEP);
            x--;
            y--;
        }
        Collections.reverse(reversed);
        return reversed;
    }
}
