package dev.muster.core.inventory;

import dev.muster.core.InputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands ClusterShell-style host lists: {@code web[01-03],db1}, {@code r[1-2]n[01-02]}.
 * Names come back in written order (the loader zips host ranges with address ranges by
 * position). Errors point at the offending character through an {@link ErrorAt}.
 */
final class HostRanges {
    /** Guards against {@code web[1-999999999]} eating the heap. */
    static final int MAX_NAMES = 1_000_000;

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
    private final char rangeDash;

    private HostRanges(String text, ErrorAt error, char rangeDash) {
        this.text = text;
        this.error = error;
        this.rangeDash = rangeDash;
    }

    static List<String> expand(String text, ErrorAt error) {
        return new HostRanges(text, error, '-').expandList();
    }

    /** Ansible writes ranges with a colon: {@code web[01:20]}. */
    static List<String> expandAnsible(String text, ErrorAt error) {
        return new HostRanges(text, error, ':').expandList();
    }

    static boolean hasRange(String text) {
        return text.indexOf('[') >= 0;
    }

    private List<String> expandList() {
        List<String> out = new ArrayList<>();
        int start = 0;
        int depth = 0;
        for (int k = 0; k <= text.length(); k++) {
            char c = k < text.length() ? text.charAt(k) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth <= 0 || k == text.length()) {
                expandOne(start, k, out);
                start = k + 1;
                depth = 0;
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
                int close = text.indexOf(']', k);
                if (close < 0 || close > to) {
                    throw error.at(k, "unclosed '[' in host range");
                }
                partial = product(partial, numbers(k + 1, close), k);
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
                String literal = text.substring(k, end);
                partial = partial.stream().map(p -> p + literal).toList();
                k = end;
            }
        }
        if (out.size() + partial.size() > MAX_NAMES) {
            throw error.at(from, "host range expands to more than " + MAX_NAMES + " names");
        }
        out.addAll(partial);
    }

    private List<String> product(List<String> prefixes, List<String> numbers, int at) {
        if ((long) prefixes.size() * numbers.size() > MAX_NAMES) {
            throw error.at(at, "host range expands to more than " + MAX_NAMES + " names");
        }
        List<String> out = new ArrayList<>(prefixes.size() * numbers.size());
        for (String p : prefixes) {
            for (String n : numbers) {
                out.add(p + n);
            }
        }
        return out;
    }

    /** The inside of one bracket: {@code 1-3,7,10-12}. */
    private List<String> numbers(int from, int to) {
        List<String> out = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || text.charAt(k) == ',') {
                addRange(start, k, out);
                start = k + 1;
            }
        }
        return out;
    }

    private void addRange(int from, int to, List<String> out) {
        int dash = text.indexOf(rangeDash, from);
        int firstEnd = dash >= 0 && dash < to ? dash : to;
        long first = number(from, firstEnd);
        long last = firstEnd == to ? first : number(firstEnd + 1, to);
        if (last < first) {
            throw error.at(from, "range " + text.substring(from, to) + " ends before it starts");
        }
        if (out.size() + (last - first + 1) > MAX_NAMES) {
            throw error.at(from, "host range expands to more than " + MAX_NAMES + " names");
        }
        String firstDigits = text.substring(from, firstEnd);
        int width = firstDigits.length() > 1 && firstDigits.charAt(0) == '0' ? firstDigits.length() : 0;
        for (long n = first; n <= last; n++) {
            out.add(pad(n, width));
        }
    }

    private long number(int from, int to) {
        if (from == to) {
            throw error.at(from, "expected a number in host range but found " + describe(from));
        }
        for (int k = from; k < to; k++) {
            if (!NaturalOrder.isDigit(text.charAt(k))) {
                throw error.at(k, "expected a number in host range but found " + describe(k));
            }
        }
        if (to - from > 18) {
            throw error.at(from, "number too large in host range");
        }
        return Long.parseLong(text.substring(from, to));
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
