package dev.muster.core.window;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A cron-like recurrence of five fields (minute hour day-of-month month day-of-week), read in a
 * window's own time zone. Fields take {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and
 * {@code a-b/n}, and comma lists; months and weekdays also take names (JAN, MON). As in Vixie cron,
 * when both day-of-month and day-of-week are restricted a day matches either.
 */
public final class Cron implements Recurrence {
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;
    /** No firing before this (null: none); a window's {@code start}. */
    private final LocalDateTime notBefore;

    private Cron(String text, BitSet[] f, boolean domRestricted, boolean dowRestricted, LocalDateTime notBefore) {
        this.notBefore = notBefore;
        this.text = text;
        this.minutes = f[0];
        this.hours = f[1];
        this.daysOfMonth = f[2];
        this.months = f[3];
        this.daysOfWeek = f[4];
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    public static Cron parse(String text) {
        String[] names = {"minute", "hour", "day of month", "month", "day of week"};
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        List<int[]> fields = new ArrayList<>(); // start column, end column
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < text.length() && text.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                fields.add(new int[]{start, i});
            }
        }
        if (fields.size() != 5) {
            throw new BadRecurrence("a recurrence needs 5 fields (minute hour day-of-month month day-of-week, e.g. "
                    + "\"0 2 * * SUN\"), found " + fields.size(), 1);
        }
        BitSet[] sets = new BitSet[5];
        for (int f = 0; f < 5; f++) {
            int[] at = fields.get(f);
            sets[f] = field(text.substring(at[0], at[1]), at[0] + 1, names[f], ranges[f][0], ranges[f][1],
                    f == 3 ? MONTHS : f == 4 ? DAYS : null, f == 3 ? 1 : 0);
        }
        if (sets[4].get(7)) {
            sets[4].set(0); // 7 is Sunday too
        }
        return new Cron(text, sets, !text.substring(fields.get(2)[0], fields.get(2)[1]).equals("*"),
                !text.substring(fields.get(4)[0], fields.get(4)[1]).equals("*"), null);
    }

    /** This recurrence with no firing before {@code start} (a window's {@code start:}). */
    public Cron notBefore(LocalDateTime start) {
        return new Cron(text, new BitSet[]{minutes, hours, daysOfMonth, months, daysOfWeek}, domRestricted,
                dowRestricted, start);
    }

    private static BitSet field(String f, int column, String name, int min, int max, String[] words, int wordBase) {
        BitSet out = new BitSet();
        int offset = 0;
        for (String part : f.split(",", -1)) {
            int col = column + offset;
            offset += part.length() + 1;
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), col + slash + 1, name + " step", 1, max, null, 0);
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                lo = number(dash >= 0 ? range.substring(0, dash) : range, col, name, min, max, words, wordBase);
                hi = dash >= 0 ? number(range.substring(dash + 1), col + dash + 1, name, min, max, words, wordBase)
                        : slash >= 0 ? max : lo;
                if (hi < lo) {
                    throw new BadRecurrence(name + " range " + range + " runs backwards", col);
                }
            }
            for (int v = lo; v <= hi; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String s, int column, String name, int min, int max, String[] words, int wordBase) {
        if (words != null) {
            for (int w = 0; w < words.length; w++) {
                if (words[w].equals(s.toUpperCase(Locale.ROOT))) {
                    return w + wordBase;
                }
            }
        }
        if (s.matches("\\d{1,2}")) {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new BadRecurrence(name + " must be " + min + "-" + max
                + (words == null ? "" : " or a name like " + words[1]) + ", found \"" + s + "\"", column);
    }

    /** Whether the recurrence fires on {@code day} at all. */
    public boolean matchesDay(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    /** Every local time it fires on {@code day}, earliest first (empty when the day does not match). */
    @Override
    public List<LocalDateTime> firings(LocalDate day) {
        List<LocalDateTime> out = new ArrayList<>();
        if (!matchesDay(day)) {
            return out;
        }
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                LocalDateTime firing = day.atTime(h, m);
                if (notBefore == null || !firing.isBefore(notBefore)) {
                    out.add(firing);
                }
            }
        }
        return out;
    }

    @Override
    public List<LocalDateTime> firings(LocalDate from, LocalDate to) {
        List<LocalDateTime> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.addAll(firings(d));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
