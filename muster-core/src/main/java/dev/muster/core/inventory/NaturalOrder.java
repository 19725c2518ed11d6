package dev.muster.core.inventory;

import java.util.Comparator;

/**
 * Orders names so that numbers compare by value: web2 &lt; web10. Equal numbers with more
 * leading zeros sort after (web1 &lt; web01), which keeps the order consistent with equals.
 */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byNumber = compareNumbers(a, i, endA, b, j, endB);
                if (byNumber != 0) {
                    return byNumber;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int compareNumbers(String a, int startA, int endA, String b, int startB, int endB) {
        int za = skipZeros(a, startA, endA);
        int zb = skipZeros(b, startB, endB);
        int byLength = Integer.compare(endA - za, endB - zb);
        if (byLength != 0) {
            return byLength;
        }
        for (int k = 0; k < endA - za; k++) {
            int byDigit = Character.compare(a.charAt(za + k), b.charAt(zb + k));
            if (byDigit != 0) {
                return byDigit;
            }
        }
        return Integer.compare(endA - startA, endB - startB);
    }

    private static int skipZeros(String s, int start, int end) {
        int k = start;
        while (k < end - 1 && s.charAt(k) == '0') {
            k++;
        }
        return k;
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
}
