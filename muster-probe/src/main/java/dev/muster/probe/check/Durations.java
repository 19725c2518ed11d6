package dev.muster.probe.check;

import java.time.Duration;

/** Small text helpers for reasons: durations as typed, exception messages without class names. */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    static String plain(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
