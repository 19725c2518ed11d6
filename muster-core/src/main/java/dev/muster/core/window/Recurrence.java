package dev.muster.core.window;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * When a window opens, as wall-clock times in the window's zone: a five-field cron line
 * ({@link Cron}) or an RFC 5545 RRULE anchored at the window's {@code start} ({@link RRule}).
 */
public sealed interface Recurrence permits Cron, RRule {
    /** A cron line (the text has no {@code =}). */
    static Cron parse(String text) {
        return Cron.parse(text);
    }

    /**
     * The recurrence {@code text} says: an RRULE when it has {@code =} ({@code FREQ=WEEKLY;BYDAY=SU},
     * optionally prefixed {@code RRULE:}), which needs {@code start} as its DTSTART; otherwise a cron line,
     * with no firing before {@code start} when one is given.
     */
    static Recurrence parse(String text, LocalDateTime start, ZoneId zone) {
        if (isRRule(text)) {
            if (start == null) {
                throw new BadRecurrence("an RRULE needs the window's 'start' (its DTSTART), e.g. start: 2026-01-04 01:00", 1);
            }
            return RRule.parse(text, start, zone);
        }
        Cron cron = Cron.parse(text);
        return start == null ? cron : cron.notBefore(start);
    }

    static boolean isRRule(String text) {
        return text.indexOf('=') >= 0;
    }

    /** Every wall-clock time it fires on the days {@code from} to {@code to} (both included), earliest first. */
    List<LocalDateTime> firings(LocalDate from, LocalDate to);

    /** Every wall-clock time it fires on {@code day}, earliest first. */
    default List<LocalDateTime> firings(LocalDate day) {
        return firings(day, day);
    }

    /** A problem in the text: what was expected, and the 1-based column within the text. */
    final class BadRecurrence extends IllegalArgumentException {
        private final int column;

        BadRecurrence(String message, int column) {
            super(message);
            this.column = column;
        }

        public int column() {
            return column;
        }
    }
}
