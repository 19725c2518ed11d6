package dev.muster.core.window;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 5545 RRULE subset an operator writes for a maintenance window, evaluated on wall-clock
 * time in the window's zone from DTSTART (the window's {@code start}), as python-dateutil does:
 * FREQ=DAILY, WEEKLY or MONTHLY; INTERVAL; BYDAY (with ordinals like 1SU or -1SA for MONTHLY);
 * BYMONTHDAY (also negative: -1 is the last day); BYMONTH; BYHOUR; BYMINUTE; WKST; COUNT or
 * UNTIL. What a rule leaves out comes from DTSTART (its hour and minute; its weekday for WEEKLY;
 * its day of the month for MONTHLY without BYDAY). Firings before DTSTART do not count, and
 * DTSTART itself fires only when the rule matches it. UNTIL is a local date-time in the zone
 * ({@code 20261231T235900}), a UTC one ({@code ...Z}), or a date (through the end of that day).
 */
public final class RRule implements Recurrence {
    private enum Freq { DAILY, WEEKLY, MONTHLY }

    private final String text;
    private final LocalDateTime start;
    private final ZoneId zone;
    private final Freq freq;
    private final int interval;
    private final List<DayOfWeek> weekdays;
    /** {@code {n, weekday 1-7}}: the n-th (from the end when negative) such weekday of the month. */
    private final List<int[]> nthWeekdays;
    private final List<Integer> monthDays;
    private final List<Integer> months;
    private final List<LocalTime> times;
    private final DayOfWeek weekStart;
    private final Integer count;
    private final LocalDateTime untilLocal;
    private final Instant untilInstant;

    private RRule(RRuleParser.Parts p, String text, LocalDateTime start, ZoneId zone) {
        this.text = text;
        this.start = start;
        this.zone = zone;
        this.freq = Freq.valueOf(p.freq);
        this.interval = p.interval;
        this.nthWeekdays = List.copyOf(p.nthWeekdays);
        this.months = List.copyOf(p.months);
        this.weekStart = p.weekStart;
        this.count = p.count;
        this.untilLocal = p.untilLocal;
        this.untilInstant = p.untilInstant;
        boolean noDays = p.weekdays.isEmpty() && p.nthWeekdays.isEmpty() && p.monthDays.isEmpty();
        this.weekdays = freq == Freq.WEEKLY && noDays ? List.of(start.getDayOfWeek()) : List.copyOf(p.weekdays);
        this.monthDays = freq == Freq.MONTHLY && noDays ? List.of(start.getDayOfMonth()) : List.copyOf(p.monthDays);
        List<Integer> hours = p.hours.isEmpty() ? List.of(start.getHour()) : p.hours;
        List<Integer> minutes = p.minutes.isEmpty() ? List.of(start.getMinute()) : p.minutes;
        List<LocalTime> t = new ArrayList<>();
        for (int h : hours) {
            for (int m : minutes) {
                t.add(LocalTime.of(h, m));
            }
        }
        this.times = t.stream().distinct().sorted().toList();
    }

    /** Parses {@code text}; a problem throws {@link Recurrence.BadRecurrence} with its column in the text. */
    public static RRule parse(String text, LocalDateTime start, ZoneId zone) {
        return new RRule(RRuleParser.parse(text), text, start.truncatedTo(ChronoUnit.MINUTES), zone);
    }

    @Override
    public List<LocalDateTime> firings(LocalDate from, LocalDate to) {
        List<LocalDateTime> out = new ArrayList<>();
        int seen = 0;
        for (long k = count == null ? firstPeriod(from) : 0; ; k++) {
            List<LocalDate> days = days(k, to);
            if (days == null) {
                return out; // the period starts after `to`
            }
            for (LocalDate day : days) {
                for (LocalTime time : times) {
                    LocalDateTime firing = day.atTime(time);
                    if (firing.isBefore(start)) {
                        continue;
                    }
                    if (pastUntil(firing) || (count != null && ++seen > count) || day.isAfter(to)) {
                        return out;
                    }
                    if (!day.isBefore(from)) {
                        out.add(firing);
                    }
                }
            }
        }
    }

    private boolean pastUntil(LocalDateTime firing) {
        if (untilLocal != null) {
            return firing.isAfter(untilLocal);
        }
        return untilInstant != null && ZonedDateTime.ofLocal(firing, zone, null).toInstant().isAfter(untilInstant);
    }

    private LocalDate weekOf(LocalDate day) {
        int back = Math.floorMod(day.getDayOfWeek().getValue() - weekStart.getValue(), 7);
        return day.minusDays(back);
    }

    /** The first day of period {@code k} (0 is the one DTSTART is in). */
    private LocalDate periodStart(long k) {
        return switch (freq) {
            case DAILY -> start.toLocalDate().plusDays(k * interval);
            case WEEKLY -> weekOf(start.toLocalDate()).plusWeeks(k * interval);
            case MONTHLY -> YearMonth.from(start).plusMonths(k * interval).atDay(1);
        };
    }

    /** Without COUNT, periods wholly before {@code from} need not be walked through. */
    private long firstPeriod(LocalDate from) {
        long span = switch (freq) {
            case DAILY -> ChronoUnit.DAYS.between(start.toLocalDate(), from);
            case WEEKLY -> ChronoUnit.WEEKS.between(weekOf(start.toLocalDate()), weekOf(from));
            case MONTHLY -> ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(from));
        };
        return Math.max(0, Math.floorDiv(span, interval) - 1);
    }

    /** The days of period {@code k} the rule fires on, in order; null when the period starts after {@code to}. */
    private List<LocalDate> days(long k, LocalDate to) {
        LocalDate first = periodStart(k);
        if (first.isAfter(to)) {
            return null;
        }
        int length = switch (freq) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            case MONTHLY -> first.lengthOfMonth();
        };
        List<LocalDate> out = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            LocalDate day = first.plusDays(i);
            if (matches(day)) {
                out.add(day);
            }
        }
        return out;
    }

    private boolean matches(LocalDate day) {
        if (!months.isEmpty() && !months.contains(day.getMonthValue())) {
            return false;
        }
        if (!weekdays.isEmpty() && !weekdays.contains(day.getDayOfWeek())) {
            return false;
        }
        if (!monthDays.isEmpty() && !monthDays.contains(day.getDayOfMonth())
                && !monthDays.contains(day.getDayOfMonth() - day.lengthOfMonth() - 1)) {
            return false;
        }
        return nthWeekdays.isEmpty() || nthWeekdays.stream().anyMatch(n -> isNth(day, n[0], n[1]));
    }

    private static boolean isNth(LocalDate day, int n, int weekday) {
        if (day.getDayOfWeek().getValue() != weekday) {
            return false;
        }
        int fromStart = (day.getDayOfMonth() - 1) / 7 + 1;
        int fromEnd = -((day.lengthOfMonth() - day.getDayOfMonth()) / 7 + 1);
        return n == fromStart || n == fromEnd;
    }

    /** DTSTART: the window's {@code start}, wall clock in its zone. */
    public LocalDateTime start() {
        return start;
    }

    /** The rule as written. */
    @Override
    public String toString() {
        return text;
    }
}
