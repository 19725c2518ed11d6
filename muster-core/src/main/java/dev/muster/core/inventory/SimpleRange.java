package dev.muster.core.inventory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commonest host set, one bracket of ascending numbers between an ASCII prefix and suffix
 * ({@code node[000001-100000]}, {@code web[1-9/2,20-29].dc1}), whose names come out in
 * {@link NameOrder} as the bracket lists them: counted and written without making a String per
 * name. Anything else (several items or brackets, digits touching the bracket, overlaps, numbers
 * out of order, a bad range) is not one, and goes the general way.
 */
final class SimpleRange {
    private static final Pattern SHAPE = Pattern.compile("([\\x21-\\x7e&&[^\\[\\],]]*)\\[([0-9,/-]+)]([\\x21-\\x7e&&[^\\[\\],]]*)");
    private static final Pattern ELEMENT = Pattern.compile("([0-9]{1,17})(?:-([0-9]{1,17})(?:/([0-9]{1,9}))?)?");
    private static final long SCALE = 100_000_000_000_000_000L;

    private record Run(long begin, long end, long step, int width) {
        long count() {
            return (end - begin) / step + 1;
        }
    }

    private final byte[] prefix;
    private final byte[] suffix;
    private final List<Run> runs;

    private SimpleRange(String prefix, String suffix, List<Run> runs) {
        this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
        this.suffix = suffix.getBytes(StandardCharsets.US_ASCII);
        this.runs = runs;
    }

    /** The range, or null when {@code text} is not one. */
    static SimpleRange of(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches() || endsWithDigit(m.group(1)) || startsWithDigit(m.group(3))) {
            return null;
        }
        List<Run> runs = new ArrayList<>();
        long lastCode = -1;
        for (String element : m.group(2).split(",", -1)) {
            Matcher e = ELEMENT.matcher(element);
            if (!e.matches()) {
                return null;
            }
            String first = e.group(1);
            String last = e.group(2) == null ? first : e.group(2);
            boolean padded = isPadded(first) || isPadded(last);
            if (padded && first.length() != last.length()) {
                return null;
            }
            long begin = Long.parseLong(first);
            long end = Long.parseLong(last);
            long step = e.group(3) == null ? 1 : Long.parseLong(e.group(3));
            if (end < begin || step < 1) {
                return null;
            }
            int width = padded ? first.length() : 0;
            Run run = new Run(begin, end, step, width);
            long firstCode = code(begin, width);
            if (firstCode <= lastCode) {
                return null; // out of order or overlapping: the general way sorts and merges
            }
            lastCode = code(begin + (run.count() - 1) * step, width);
            runs.add(run);
        }
        SimpleRange range = new SimpleRange(m.group(1), m.group(3), runs);
        return range.count() <= HostRanges.MAX_NAMES ? range : null;
    }

    long count() {
        long n = 0;
        for (Run run : runs) {
            n += run.count();
        }
        return n;
    }

    /** Every name, separated by {@code separator} (ASCII), then a line feed. */
    void write(byte[] separator, OutputStream out) throws IOException {
        int most = prefix.length + suffix.length + 20 + separator.length;
        byte[] buffer = new byte[(int) Math.min(1 << 20, Math.max(most * 2, most * count()))];
        int at = 0;
        boolean first = true;
        for (Run run : runs) {
            for (long n = run.begin; n <= run.end; n += run.step) {
                if (buffer.length - at < most) {
                    out.write(buffer, 0, at);
                    at = 0;
                }
                if (!first) {
                    System.arraycopy(separator, 0, buffer, at, separator.length);
                    at += separator.length;
                }
                first = false;
                System.arraycopy(prefix, 0, buffer, at, prefix.length);
                at = digits(n, run.width, buffer, at + prefix.length);
                System.arraycopy(suffix, 0, buffer, at, suffix.length);
                at += suffix.length;
            }
        }
        buffer[at++] = '\n';
        out.write(buffer, 0, at);
    }

    /** {@code n} zero padded to {@code width} at {@code at}; the index after it. */
    private static int digits(long n, int width, byte[] into, int at) {
        int length = 1;
        for (long v = n; v >= 10; v /= 10) {
            length++;
        }
        int total = Math.max(length, width);
        int pos = at + total;
        long v = n;
        do {
            into[--pos] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        while (pos > at) {
            into[--pos] = '0';
        }
        return at + total;
    }

    private static long code(long n, int width) {
        return (long) Math.max(Long.toString(n).length(), width) * SCALE + n;
    }

    private static boolean isPadded(String bound) {
        return bound.length() > 1 && bound.charAt(0) == '0';
    }

    private static boolean endsWithDigit(String s) {
        return !s.isEmpty() && NameOrder.isDigit(s.charAt(s.length() - 1));
    }

    private static boolean startsWithDigit(String s) {
        return !s.isEmpty() && NameOrder.isDigit(s.charAt(0));
    }
}
