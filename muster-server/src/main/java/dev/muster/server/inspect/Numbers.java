package dev.muster.server.inspect;

import java.util.Locale;

/** Measured values as reports show them: integers plain, others with one decimal. */
final class Numbers {
    private Numbers() {
    }

    static String text(Double v) {
        if (v == null) {
            return null;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
