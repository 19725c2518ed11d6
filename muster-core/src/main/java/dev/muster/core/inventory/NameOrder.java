package dev.muster.core.inventory;

import java.util.Comparator;

/**
 * The order ClusterShell's nodeset lists names in, so that folding and listing agree: names
 * are compared first by their pattern (the name with each run of digits written {@code %s}:
 * {@code web%s.dc%s}), then run by run, a shorter run first and equal lengths by value. So
 * web2 comes before web10, web1 and web2 before web01 (padding differs), and a2, a10 before
 * a1b (another pattern). Runs longer than {@link #MAX_DIGITS} digits are plain text.
 */
final class NameOrder implements Comparator<String> {
    static final NameOrder INSTANCE = new NameOrder();

    /** Longer digit runs are not numbered (an index must fit a long with its width, see HostFold). */
    static final int MAX_DIGITS = 17;

    private NameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int byPattern = comparePatterns(a, b);
        return byPattern != 0 ? byPattern : compareIndexes(a, b);
    }

    /** Walks the two patterns as nodeset spells them, a numbered run being the two characters %s. */
    static int comparePatterns(String a, String b) {
        PatternCursor x = new PatternCursor(a);
        PatternCursor y = new PatternCursor(b);
        while (true) {
            int ca = x.next();
            int cb = y.next();
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            if (ca < 0) {
                return 0;
            }
        }
    }

    /** Whether two names share a pattern (same text around their numbered runs); allocates nothing. */
    static boolean samePattern(String a, String b) {
        if (a.length() == b.length()) {
            // the common case, node000017 and node000018: equal but for digits, run lengths alike
            int run = 0;
            for (int k = 0; k < a.length(); k++) {
                char ca = a.charAt(k);
                char cb = b.charAt(k);
                boolean digit = isDigit(ca);
                if (ca != cb && !(digit && isDigit(cb))) {
                    return slowSamePattern(a, b);
                }
                run = digit ? run + 1 : 0;
                if (run > MAX_DIGITS) {
                    return slowSamePattern(a, b);
                }
            }
            return true;
        }
        return slowSamePattern(a, b);
    }

    private static boolean slowSamePattern(String a, String b) {
        int i = 0;
        int j = 0;
        int la = a.length();
        int lb = b.length();
        while (i < la && j < lb) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            boolean da = isDigit(ca);
            boolean db = isDigit(cb);
            if (da || db) {
                int ea = da ? digitsEnd(a, i) : i;
                int eb = db ? digitsEnd(b, j) : j;
                boolean ia = da && ea - i <= MAX_DIGITS;
                boolean ib = db && eb - j <= MAX_DIGITS;
                if (ia && ib) {
                    i = ea;
                    j = eb;
                    continue;
                }
                if (ia || ib || ea - i != eb - j || !a.regionMatches(i, b, j, ea - i)) {
                    return false; // a numbered run against text, or two long runs that differ
                }
                i = ea;
                j = eb;
                continue;
            }
            if (ca != cb) {
                return false;
            }
            i++;
            j++;
        }
        return i == la && j == lb;
    }

    /** The pattern as nodeset spells it, each numbered run written %s. */
    static String pattern(String name) {
        StringBuilder out = null;
        int k = 0;
        int from = 0;
        while ((k = nextIndex(name, k)) >= 0) {
            if (out == null) {
                out = new StringBuilder(name.length() + 4);
            }
            out.append(name, from, k).append("%s");
            k = digitsEnd(name, k);
            from = k;
        }
        return out == null ? name : out.append(name, from, name.length()).toString();
    }

    /** Same pattern: the numbered runs in order, shorter first, then by value. */
    private static int compareIndexes(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            i = nextIndex(a, i);
            j = nextIndex(b, j);
            if (i < 0 || j < 0) {
                return Integer.compare(i, j);
            }
            int endA = digitsEnd(a, i);
            int endB = digitsEnd(b, j);
            int byLength = Integer.compare(endA - i, endB - j);
            if (byLength != 0) {
                return byLength;
            }
            for (int k = 0; k < endA - i; k++) {
                int byDigit = Character.compare(a.charAt(i + k), b.charAt(j + k));
                if (byDigit != 0) {
                    return byDigit;
                }
            }
            i = endA;
            j = endB;
        }
    }

    /** Start of the next numbered run at or after {@code from}, or -1. */
    static int nextIndex(String s, int from) {
        int k = from;
        while (k < s.length()) {
            if (isDigit(s.charAt(k))) {
                int end = digitsEnd(s, k);
                if (end - k <= MAX_DIGITS) {
                    return k;
                }
                k = end;
            } else {
                k++;
            }
        }
        return -1;
    }

    static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Yields a name's pattern one character at a time. */
    private static final class PatternCursor {
        private final String s;
        private int pos;
        private int literalUntil;
        private int placeholderEnd = -1;

        PatternCursor(String s) {
            this.s = s;
        }

        int next() {
            if (placeholderEnd >= 0) {
                pos = placeholderEnd;
                placeholderEnd = -1;
                return 's';
            }
            if (pos >= s.length()) {
                return -1;
            }
            char c = s.charAt(pos);
            if (pos >= literalUntil && isDigit(c)) {
                int end = digitsEnd(s, pos);
                if (end - pos <= MAX_DIGITS) {
                    placeholderEnd = end;
                    return '%';
                }
                literalUntil = end;
            }
            pos++;
            return c;
        }
    }
}
