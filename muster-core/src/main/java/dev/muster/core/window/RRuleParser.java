package dev.muster.core.window;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the text of an RRULE into its parts; every problem names its column in the text. */
final class RRuleParser {
    static final List<String> NAMES = List.of("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR",
            "BYMINUTE", "WKST", "COUNT", "UNTIL");
    private static final List<String> DAYS = List.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** What the text says; empty lists are parts left out. */
    static final class Parts {
        String freq;
        int interval = 1;
        final List<DayOfWeek> weekdays = new ArrayList<>();
        final List<int[]> nthWeekdays = new ArrayList<>();
        final List<Integer> monthDays = new ArrayList<>();
        final List<Integer> months = new ArrayList<>();
        final List<Integer> hours = new ArrayList<>();
        final List<Integer> minutes = new ArrayList<>();
        DayOfWeek weekStart = DayOfWeek.MONDAY;
        Integer count;
        LocalDateTime untilLocal;
        Instant untilInstant;
    }

    private RRuleParser() {
    }

    static Parts parse(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        int offset = upper.startsWith("RRULE:") ? 6 : 0;
        Parts p = new Parts();
        Set<String> seen = new HashSet<>();
        int byDayColumn = 0;
        int byMonthDayColumn = 0;
        int untilColumn = 0;
        for (String part : upper.substring(offset).split(";", -1)) {
            int col = offset + 1;
            offset += part.length() + 1;
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new Recurrence.BadRecurrence("an RRULE is NAME=VALUE parts separated by ';' (like FREQ=WEEKLY;BYDAY=SU;"
                        + "BYHOUR=1), found \"" + part + "\"", col);
            }
            String name = part.substring(0, eq);
            String value = part.substring(eq + 1);
            int at = col + eq + 1;
            if (!NAMES.contains(name)) {
                throw new Recurrence.BadRecurrence("RRULE part " + name + " is not supported; supported: "
                        + String.join(", ", NAMES), col);
            }
            if (!seen.add(name)) {
                throw new Recurrence.BadRecurrence("RRULE part " + name + " is given twice", col);
            }
            switch (name) {
                case "FREQ" -> {
                    if (!List.of("DAILY", "WEEKLY", "MONTHLY").contains(value)) {
                        throw new Recurrence.BadRecurrence("FREQ must be DAILY, WEEKLY or MONTHLY, found \"" + value + "\"", at);
                    }
                    p.freq = value;
                }
                case "INTERVAL" -> p.interval = number(value, at, "INTERVAL", 1, 1000);
                case "COUNT" -> p.count = number(value, at, "COUNT", 1, 100_000);
                case "BYHOUR" -> list(value, at, "BYHOUR", 0, 23, false, p.hours);
                case "BYMINUTE" -> list(value, at, "BYMINUTE", 0, 59, false, p.minutes);
                case "BYMONTH" -> list(value, at, "BYMONTH", 1, 12, false, p.months);
                case "BYMONTHDAY" -> {
                    list(value, at, "BYMONTHDAY", 1, 31, true, p.monthDays);
                    byMonthDayColumn = col;
                }
                case "BYDAY" -> {
                    byDay(value, at, p);
                    byDayColumn = col;
                }
                case "WKST" -> p.weekStart = day(value, at);
                case "UNTIL" -> {
                    until(value, at, p);
                    untilColumn = col;
                }
                default -> throw new IllegalStateException(name);
            }
        }
        if (p.freq == null) {
            throw new Recurrence.BadRecurrence("an RRULE needs FREQ=DAILY, WEEKLY or MONTHLY", 1);
        }
        if (p.count != null && untilColumn > 0) {
            throw new Recurrence.BadRecurrence("an RRULE has COUNT or UNTIL, not both", untilColumn);
        }
        if (!p.freq.equals("MONTHLY") && !p.nthWeekdays.isEmpty()) {
            throw new Recurrence.BadRecurrence("BYDAY with a number (like 1SU or -1SA) is for FREQ=MONTHLY, not "
                    + p.freq, byDayColumn);
        }
        if (p.freq.equals("WEEKLY") && byMonthDayColumn > 0) {
            throw new Recurrence.BadRecurrence("BYMONTHDAY does not go with FREQ=WEEKLY (RFC 5545)", byMonthDayColumn);
        }
        if (!p.weekdays.isEmpty() && !p.nthWeekdays.isEmpty()) {
            throw new Recurrence.BadRecurrence("BYDAY mixes days with a number (1SU) and without (MO): "
                    + "write two windows", byDayColumn);
        }
        return p;
    }

    private static int number(String s, int column, String name, int min, int max) {
        if (s.matches("[+-]?\\d{1,6}")) {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new Recurrence.BadRecurrence(name + " must be a number " + min + "-" + max + ", found \"" + s + "\"", column);
    }

    private static void list(String value, int column, String name, int min, int max, boolean negative, List<Integer> out) {
        int offset = 0;
        for (String item : value.split(",", -1)) {
            int col = column + offset;
            offset += item.length() + 1;
            int n;
            if (negative && item.startsWith("-")) {
                n = -number(item.substring(1), col + 1, name, min, max);
            } else {
                n = number(item, col, name + (negative ? " (or -" + max + " to -1 from the month's end)" : ""), min, max);
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
    }

    private static void byDay(String value, int column, Parts p) {
        int offset = 0;
        for (String item : value.split(",", -1)) {
            int col = column + offset;
            offset += item.length() + 1;
            int split = item.length() >= 2 ? item.length() - 2 : 0;
            DayOfWeek day = day(item.substring(split), col + split);
            if (split == 0) {
                p.weekdays.add(day);
                continue;
            }
            String n = item.substring(0, split);
            if (!n.matches("[+-]?[1-5]")) {
                throw new Recurrence.BadRecurrence("BYDAY " + item + ": the number before the day must be 1 to 5 or "
                        + "-1 to -5 (1SU: the first Sunday, -1SA: the last Saturday), found \"" + n + "\"", col);
            }
            p.nthWeekdays.add(new int[]{Integer.parseInt(n), day.getValue()});
        }
    }

    private static DayOfWeek day(String s, int column) {
        int i = DAYS.indexOf(s);
        if (i < 0) {
            throw new Recurrence.BadRecurrence("a day must be one of MO, TU, WE, TH, FR, SA, SU, found \"" + s + "\"", column);
        }
        return DayOfWeek.of(i + 1);
    }

    private static void until(String value, int column, Parts p) {
        try {
            if (value.matches("\\d{8}")) {
                p.untilLocal = LocalDate.parse(value, DateTimeFormatter.ofPattern("uuuuMMdd")
                        .withResolverStyle(java.time.format.ResolverStyle.STRICT)).atTime(23, 59, 59);
                return;
            }
            if (value.matches("\\d{8}T\\d{6}Z")) {
                p.untilInstant = LocalDateTime.parse(value.substring(0, 15), STAMP).toInstant(ZoneOffset.UTC);
                return;
            }
            if (value.matches("\\d{8}T\\d{6}")) {
                p.untilLocal = LocalDateTime.parse(value, STAMP);
                return;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new Recurrence.BadRecurrence("UNTIL must be a date 20261231, a local date-time 20261231T235900 or a UTC "
                + "one 20261231T235900Z, found \"" + value + "\"", column);
    }
}
