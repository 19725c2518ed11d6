package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands host lists. Two notations:
 * <ul>
 *   <li>ClusterShell's ({@link #expand}), as {@code nodeset -e} reads it: {@code web[01-03],db1},
 *       {@code r[1-2]n[01-02]} (cartesian product), steps {@code node[1-9/2]}, lists and overlaps
 *       {@code web[1-5,3-7]}; padding comes from the first bound, and a padded bound needs the
 *       other bound to have the same width ({@code [01-100]} is an error, as in nodeset);</li>
 *   <li>Ansible's ({@link #expandAnsible}), one host pattern as an inventory holds it:
 *       {@code web[01:20]}, steps {@code app[1:10:2]}, letters {@code db-[a:f]} (a-z then A-Z,
 *       as Ansible orders them), an empty start meaning 0.</li>
 * </ul>
 * Names come back in written order (the loader zips host ranges with address ranges by
 * position). Errors point at the offending character through an {@link ErrorAt}.
 */
final class HostRanges {
    /** Guards against {@code web[1-999999999]} eating the heap. */
    static final int MAX_NAMES = 1_000_000;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Turns an offset within the parsed text into an InputException at the right place. */
    @FunctionalInterface
    interface ErrorAt {
        InputException at(int offset, String message);

        static ErrorAt column(String source, int line, int firstColumn) {
            return (offset, message) -> new InputException(source, line, firstColumn + offset, message);
        }
    }

    private final String text;
    private final ErrorAt error;
    private final boolean ansible;
    /** Written before each number {@link #add} makes (the one name prefix of a bracket). */
    private String prefix = "";
    /** Whether the numbers {@link #add} made so far came in NameOrder (width, then value), each once. */
    private boolean ascending = true;
    private long lastCode = -1;
    private int brackets;

    private HostRanges(String text, ErrorAt error, boolean ansible) {
        this.text = text;
        this.error = error;
        this.ansible = ansible;
    }

    /** A comma-separated list in ClusterShell's notation. */
    static List<String> expand(String text, ErrorAt error) {
        return new HostRanges(text, error, false).expandList();
    }

    /**
     * {@link #expand}, and whether the names came out in {@link NameOrder} without duplicates
     * (one item with one bracket, no digits touching it, numbers ascending): then they need no sort.
     */
    static List<String> expandInOrder(String text, ErrorAt error, boolean[] inOrder) {
        HostRanges r = new HostRanges(text, error, false);
        List<String> names = r.expandList();
        inOrder[0] = r.ascending && r.brackets == 1 && text.indexOf(',') < 0
                && !NameOrder.isDigit(charBefore(text, text.indexOf('['))) && !NameOrder.isDigit(charAfter(text, text.indexOf(']')));
        return names;
    }

    private static char charBefore(String text, int k) {
        return k > 0 ? text.charAt(k - 1) : ' ';
    }

    private static char charAfter(String text, int k) {
        return k >= 0 && k + 1 < text.length() ? text.charAt(k + 1) : ' ';
    }

    /** One Ansible host pattern (commas are not separators there). */
    static List<String> expandAnsible(String text, ErrorAt error) {
        List<String> out = new ArrayList<>();
        new HostRanges(text, error, true).expandOne(0, text.length(), out);
        return out;
    }

    static boolean hasRange(String text) {
        return text.indexOf('[') >= 0;
    }

    private List<String> expandList() {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean inBracket = false;
        for (int k = 0; k <= text.length(); k++) {
            char c = k < text.length() ? text.charAt(k) : ',';
            if (c == '[') {
                inBracket = true;
            } else if (c == ']') {
                inBracket = false;
            } else if (c == ',' && !inBracket || k == text.length()) {
                expandOne(start, k, out);
                start = k + 1;
                inBracket = false;
            }
        }
        return out;
    }

    private void expandOne(int from, int to, List<String> out) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to) {
            throw error.at(from, "expected a host name but found " + describe(from));
        }
        List<String> partial = List.of("");
        int k = from;
        while (k < to) {
            char c = text.charAt(k);
            if (c == '[') {
                brackets++;
                int close = text.indexOf(']', k);
                if (close < 0 || close > to) {
                    throw error.at(k, "unclosed '[' in host range");
                }
                if (!ansible && partial.size() == 1) {
                    prefix = partial.get(0); // one prefix: names are written whole, no second copy
                    partial = ranges(k + 1, close, "");
                    prefix = "";
                } else {
                    partial = product(partial, ansible ? ansibleRange(k + 1, close) : ranges(k + 1, close, ""), k);
                }
                k = close + 1;
            } else if (c == ']') {
                throw error.at(k, "unexpected ']' without a matching '['");
            } else if (Character.isWhitespace(c)) {
                throw error.at(k, "host names cannot contain spaces");
            } else {
                int end = k;
                while (end < to && text.charAt(end) != '[' && text.charAt(end) != ']'
                        && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                int literalEnd = end;
                if (!ansible && end < to && text.charAt(end) == '[') {
                    // nodeset reads digits just before a bracket as part of its bounds: x1[1-36] is x[11-136]
                    while (literalEnd > k && NameOrder.isDigit(text.charAt(literalEnd - 1))) {
                        literalEnd--;
                    }
                }
                if (!ansible && k > from && text.charAt(k - 1) == ']' && NameOrder.isDigit(c)
                        && text.lastIndexOf('/', k) > text.lastIndexOf('[', k)) {
                    throw error.at(k, "digits cannot follow a range with a step (write [10-90/20] for [1-9/2]0)");
                }
                partial = append(partial, text.substring(k, literalEnd));
                k = literalEnd;
                if (literalEnd < end) {
                    int close = text.indexOf(']', end);
                    if (close < 0 || close > to) {
                        throw error.at(end, "unclosed '[' in host range");
                    }
                    partial = product(partial, ranges(end + 1, close, text.substring(literalEnd, end)), end);
                    k = close + 1;
                }
            }
            if (!ansible && k < to && text.charAt(k) == '[' && text.charAt(k - 1) == ']') {
                throw error.at(k, "a range cannot follow another range directly (write r[1-2]n[1-2])");
            }
        }
        if (out.size() + partial.size() > MAX_NAMES) {
            throw error.at(from, "host range expands to more than " + MAX_NAMES + " names");
        }
        out.addAll(partial);
    }

    private static List<String> append(List<String> partial, String literal) {
        if (literal.isEmpty()) {
            return partial;
        }
        List<String> joined = new ArrayList<>(partial.size());
        for (String p : partial) {
            joined.add(p.concat(literal));
        }
        return joined;
    }

    private List<String> product(List<String> prefixes, List<String> items, int at) {
        if (prefixes.size() == 1 && prefixes.get(0).isEmpty()) {
            return items;
        }
        if ((long) prefixes.size() * items.size() > MAX_NAMES) {
            throw error.at(at, "host range expands to more than " + MAX_NAMES + " names");
        }
        List<String> out = new ArrayList<>(prefixes.size() * items.size());
        for (String p : prefixes) {
            for (String n : items) {
                out.add(p.concat(n));
            }
        }
        return out;
    }

    /**
     * The inside of one ClusterShell bracket: {@code 1-3,7,10-20/5}. {@code lead} holds the digits
     * written just before the bracket, which nodeset puts in front of each bound of each
     * contiguous piece: {@code 1[1-36]} is 11 to 136, {@code 0[1-3]} is 01 to 03.
     */
    private List<String> ranges(int from, int to, String lead) {
        List<String> out = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || text.charAt(k) == ',') {
                range(start, k, out);
                start = k + 1;
            }
        }
        return lead.isEmpty() ? out : led(lead, out, from, to);
    }

    /** The bracket's set cut into contiguous pieces (as nodeset cuts it), each bound led by {@code lead}. */
    private List<String> led(String lead, List<String> values, int from, int to) {
        long[] codes = new long[values.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = Index.code(values.get(i), 0);
        }
        java.util.Arrays.sort(codes);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < codes.length) {
            int j = i;
            while (j + 1 < codes.length && (codes[j + 1] == codes[j] || Index.continues(codes[i], codes[j], codes[j + 1]))) {
                j++;
            }
            String first = lead + Index.text(codes[i]);
            String last = lead + Index.text(codes[j]);
            if (i == j) {
                out.add(first);
            } else {
                boolean padded = first.charAt(0) == '0' || last.charAt(0) == '0';
                if (padded && first.length() != last.length()) {
                    throw error.at(from, "range " + lead + "[" + text.substring(from, to) + "] pads its bounds to different"
                            + " widths once " + lead + " is put in front of them");
                }
                if (last.length() > NameOrder.MAX_DIGITS) {
                    throw error.at(from, "number too large in host range");
                }
                add(Long.parseLong(first), Long.parseLong(last), 1, padded ? first.length() : 0, from, out);
            }
            i = j + 1;
        }
        return out;
    }

    /** One element of a bracket: {@code 7}, {@code 1-3} or {@code 10-20/5}. */
    private void range(int from, int to, List<String> out) {
        int slash = indexOf('/', from, to);
        int boundsEnd = slash < 0 ? to : slash;
        int dash = indexOf('-', from, boundsEnd);
        int[] first = trimmed(from, dash < 0 ? boundsEnd : dash);
        if (first[0] == first[1]) {
            throw error.at(first[0], from == to || text.substring(from, to).isBlank() ? "empty range"
                    : "expected a number in host range but found " + describe(first[0]));
        }
        long step = 1;
        if (slash >= 0) {
            if (dash < 0) {
                throw error.at(slash, "a step needs a range: write 1-9/2");
            }
            int[] s = trimmed(slash + 1, to);
            step = number(s[0], s[1], "step");
            if (step < 1) {
                throw error.at(s[0], "the step must be 1 or more");
            }
        }
        int[] last = dash < 0 ? first : trimmed(dash + 1, boundsEnd);
        long begin = number(first[0], first[1], "number");
        long end = number(last[0], last[1], "number");
        int beginWidth = first[1] - first[0];
        int endWidth = last[1] - last[0];
        boolean padded = isPadded(first) || isPadded(last);
        if (padded && beginWidth != endWidth) {
            throw error.at(first[0], "range " + text.substring(from, to).strip()
                    + " pads its bounds to different widths (write 001-100)");
        }
        if (end < begin) {
            throw error.at(first[0], "range " + text.substring(from, to).strip() + " ends before it starts");
        }
        add(begin, end, step, padded ? beginWidth : 0, first[0], out);
    }

    /** One Ansible bracket: {@code begin:end[:step]}, numbers or single letters. */
    private List<String> ansibleRange(int from, int to) {
        String inside = text.substring(from, to);
        String[] bounds = inside.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw error.at(from, "expected begin:end or begin:end:step in host range but found [" + inside + "]");
        }
        int endAt = from + bounds[0].length() + 1;
        long step = 1;
        if (bounds.length == 3) {
            int stepAt = endAt + bounds[1].length() + 1;
            step = number(stepAt, stepAt + bounds[2].length(), "step");
            if (step < 1) {
                throw error.at(stepAt, "the step must be 1 or more");
            }
        }
        if (bounds[1].isEmpty()) {
            throw error.at(endAt, "host range needs an end value");
        }
        List<String> out = new ArrayList<>();
        if (isLetter(bounds[0]) && isLetter(bounds[1])) {
            int a = LETTERS.indexOf(bounds[0].charAt(0));
            int b = LETTERS.indexOf(bounds[1].charAt(0));
            if (b < a) {
                throw error.at(from, "range [" + inside + "] ends before it starts (letters run a-z then A-Z)");
            }
            for (int i = a; i <= b; i += (int) Math.min(step, LETTERS.length())) {
                out.add(String.valueOf(LETTERS.charAt(i)));
            }
            return out;
        }
        String beginText = bounds[0].isEmpty() ? "0" : bounds[0];
        long begin = bounds[0].isEmpty() ? 0 : number(from, from + bounds[0].length(), "number");
        long end = number(endAt, endAt + bounds[1].length(), "number");
        int width = 0;
        if (beginText.length() > 1 && beginText.charAt(0) == '0') {
            width = beginText.length();
            if (width != bounds[1].length()) {
                throw error.at(from, "range [" + inside + "] must write begin and end with the same width");
            }
        }
        if (end < begin) {
            throw error.at(from, "range [" + inside + "] ends before it starts");
        }
        add(begin, end, step, width, from, out);
        return out;
    }

    private void add(long begin, long end, long step, int width, int at, List<String> out) {
        if (out.size() + (end - begin) / step + 1 > MAX_NAMES) {
            throw error.at(at, "host range expands to more than " + MAX_NAMES + " names");
        }
        int digits = Math.max(width, 20);
        char[] buffer = new char[prefix.length() + digits];
        prefix.getChars(0, prefix.length(), buffer, 0);
        for (long n = begin; n <= end; n += step) {
            String name = pad(n, width, buffer, prefix.length());
            long code = (long) (name.length() - prefix.length()) * 100_000_000_000_000_000L + n;
            ascending &= code > lastCode;
            lastCode = code;
            out.add(name);
        }
    }

    /** The buffer's first {@code prefixLength} characters, then {@code n} in decimal zero padded to {@code width}. */
    private static String pad(long n, int width, char[] buffer, int prefixLength) {
        int length = 1;
        for (long v = n; v >= 10; v /= 10) {
            length++;
        }
        int total = Math.max(length, width);
        int pos = prefixLength + total;
        long v = n;
        do {
            buffer[--pos] = (char) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        while (pos > prefixLength) {
            buffer[--pos] = '0';
        }
        return new String(buffer, 0, prefixLength + total);
    }

    private static boolean isLetter(String bound) {
        return bound.length() == 1 && LETTERS.indexOf(bound.charAt(0)) >= 0;
    }

    private boolean isPadded(int[] bound) {
        return bound[1] - bound[0] > 1 && text.charAt(bound[0]) == '0';
    }

    /** [start, end) of the text between from and to without surrounding spaces. */
    private int[] trimmed(int from, int to) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return new int[] {from, to};
    }

    private int indexOf(char c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (text.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    private long number(int from, int to, String what) {
        if (from == to) {
            throw error.at(from, "expected a " + what + " in host range but found " + describe(from));
        }
        for (int k = from; k < to; k++) {
            if (!NameOrder.isDigit(text.charAt(k))) {
                throw error.at(k, "expected a " + what + " in host range but found " + describe(k));
            }
        }
        if (to - from > 17) {
            throw error.at(from, "number too large in host range");
        }
        return Long.parseLong(text, from, to, 10);
    }

    private String describe(int offset) {
        return offset < text.length() ? "'" + text.charAt(offset) + "'" : "the end";
    }

    static String pad(long n, int width) {
        String digits = Long.toString(n);
        if (digits.length() >= width) {
            return digits;
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
