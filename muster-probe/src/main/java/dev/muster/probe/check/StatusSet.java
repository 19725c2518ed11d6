package dev.muster.probe.check;

import dev.muster.core.InputException;
import java.util.BitSet;

/** Expected HTTP statuses, written {@code 200}, {@code 200,204}, {@code 2xx}, {@code 200-299} or a mix. */
public final class StatusSet {
    private final BitSet codes;
    private final String text;

    private StatusSet(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    public static StatusSet parse(String text) {
        BitSet codes = new BitSet(600);
        for (String part : text.split(",", -1)) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (p.matches("[1-5]xx")) {
                int base = (p.charAt(0) - '0') * 100;
                codes.set(base, base + 100);
            } else if (p.matches("\\d{3}-\\d{3}") && code(p.substring(0, 3)) <= code(p.substring(4))) {
                codes.set(code(p.substring(0, 3)), code(p.substring(4)) + 1);
            } else if (p.matches("\\d{3}")) {
                codes.set(code(p));
            } else {
                throw InputException.option("--expect", "'" + part.trim() + "' is not an HTTP status: expected "
                        + "e.g. 200, 200,204, 2xx or 200-299 (statuses 100-599)");
            }
        }
        return new StatusSet(codes, text.trim());
    }

    private static int code(String s) {
        int c = Integer.parseInt(s);
        if (c < 100 || c > 599) {
            throw InputException.option("--expect", "HTTP statuses are 100-599, found " + s);
        }
        return c;
    }

    public boolean contains(int status) {
        return status >= 0 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }
}
