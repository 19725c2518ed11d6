package dev.muster.core.inventory;

/**
 * One numbered run of a host name packed in a long: its digit count times 10^17 plus its
 * value, so that comparing codes orders runs as nodeset does (shorter first, then by value)
 * and the written digits, padding included, can be given back.
 */
final class Index {
    private static final long SCALE = 100_000_000_000_000_000L; // 10^17 > any value of 17 digits
    private static final long[] POWERS = new long[NameOrder.MAX_DIGITS + 1];

    static {
        POWERS[0] = 1;
        for (int k = 1; k < POWERS.length; k++) {
            POWERS[k] = POWERS[k - 1] * 10;
        }
    }

    private Index() {
    }

    /** The run of digits starting at {@code start} (at most MAX_DIGITS long). */
    static long code(String name, int start) {
        long value = 0;
        int k = start;
        while (k < name.length() && NameOrder.isDigit(name.charAt(k))) {
            value = value * 10 + (name.charAt(k) - '0');
            k++;
        }
        return (k - start) * SCALE + value;
    }

    /** How many numbered runs a name has. */
    static int dims(String name) {
        int dims = 0;
        int k = 0;
        while ((k = NameOrder.nextIndex(name, k)) >= 0) {
            dims++;
            k = NameOrder.digitsEnd(name, k);
        }
        return dims;
    }

    /** Every numbered run of a name with {@code dims} of them. */
    static long[] vector(String name, int dims) {
        long[] out = new long[dims];
        int k = 0;
        for (int d = 0; d < dims; d++) {
            int start = NameOrder.nextIndex(name, k);
            out[d] = code(name, start);
            k = NameOrder.digitsEnd(name, start);
        }
        return out;
    }

    static int width(long code) {
        return (int) (code / SCALE);
    }

    static long value(long code) {
        return code % SCALE;
    }

    /** Zero padded: a width beyond the value's digits is leading zeros (007). */
    static boolean padded(long code) {
        int width = width(code);
        return width > 1 && value(code) < POWERS[width - 1];
    }

    /**
     * Whether {@code next} extends a run that starts at {@code start} and ends at {@code last}:
     * the next number, and a padded run keeps its width (08-10) while an unpadded one takes no
     * padded number (9-10, but 9 and 010 stay apart).
     */
    static boolean continues(long start, long last, long next) {
        if (value(next) != value(last) + 1) {
            return false;
        }
        return padded(start) ? width(next) == width(start) : !padded(next);
    }

    static void append(StringBuilder out, long code) {
        String digits = Long.toString(value(code));
        for (int k = digits.length(); k < width(code); k++) {
            out.append('0');
        }
        out.append(digits);
    }

    static String text(long code) {
        StringBuilder out = new StringBuilder();
        append(out, code);
        return out.toString();
    }
}
