package dev.muster.core.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named maintenance window: openings start when {@code every} fires in {@code zone} and last
 * {@code duration} of real (elapsed) time, so a window that crosses midnight or a DST change is
 * as long as it says. An opening whose start falls on an {@code except} date (in the zone) does
 * not happen. No unit of work starts later than {@code latestStart} after an opening's start
 * (null: any time before it ends). A firing in a DST gap (02:30 on a spring-forward night) opens
 * at the same wall time after the gap (03:30); in a repeated hour it opens at the first one.
 *
 * @param line where it is declared in the plan (for messages), 0 when unknown
 */
public record Window(String name, ZoneId zone, Recurrence every, Duration duration, Set<LocalDate> except,
                     Duration latestStart, int line) {
    /** How far ahead openings are looked for: a recurrence on Feb 29 fires at least once in 8 years. */
    private static final int HORIZON_DAYS = 366 * 8 + 2;
    /** Days asked of the recurrence at a time when looking ahead. */
    private static final int CHUNK_DAYS = 32;

    public Window {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(every, "every");
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a window lasts longer than zero");
        }
        except = Set.copyOf(except);
    }

    /** One opening: {@code [start, end)}; units may start until {@code lastStart}. */
    public record Opening(Instant start, Instant end, Instant lastStart) {
    }

    /**
     * Whether a unit expected to take {@code expected} (null: not known yet) may start at {@code now}.
     *
     * @param reason why not (empty when it may)
     * @param next   the next opening it could start in, or null when there is none ahead
     */
    public record Decision(boolean go, String reason, Opening next, boolean never) {
    }

    private Opening opening(LocalDateTime firing) {
        Instant start = ZonedDateTime.ofLocal(firing, zone, null).toInstant();
        Instant end = start.plus(duration);
        Instant last = latestStart == null || start.plus(latestStart).isAfter(end) ? end : start.plus(latestStart);
        return new Opening(start, end, last);
    }

    /**
     * The openings whose firings fall on the days {@code from} to {@code to} in the zone, by start,
     * each start once (two firings can meet at one instant: 02:30 in a DST gap opens at 03:30).
     */
    private List<Opening> openings(LocalDate from, LocalDate to) {
        List<Opening> out = new ArrayList<>();
        for (LocalDateTime firing : every.firings(from, to)) {
            if (!except.contains(firing.toLocalDate())) {
                out.add(opening(firing));
            }
        }
        out.sort(java.util.Comparator.comparing(Opening::start));
        List<Opening> once = new ArrayList<>(out.size());
        for (Opening o : out) {
            if (once.isEmpty() || !once.getLast().start().equals(o.start())) {
                once.add(o);
            }
        }
        return once;
    }

    /** The opening {@code t} is in, if any. */
    public Optional<Opening> openingAt(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        LocalDate from = t.minus(duration).atZone(zone).toLocalDate().minusDays(1);
        Opening found = null;
        for (Opening o : openings(from, today)) {
            if (!o.start().isAfter(t) && t.isBefore(o.end())) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The first {@code n} openings that start after {@code t}. */
    public List<Opening> next(Instant t, int n) {
        List<Opening> out = new ArrayList<>();
        LocalDate first = t.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = first.plusDays(HORIZON_DAYS - 1);
        for (LocalDate d = first; !d.isAfter(last) && out.size() < n; d = d.plusDays(CHUNK_DAYS)) {
            LocalDate to = d.plusDays(CHUNK_DAYS - 1).isAfter(last) ? last : d.plusDays(CHUNK_DAYS - 1);
            for (Opening o : openings(d, to)) {
                boolean repeated = !out.isEmpty() && !o.start().isAfter(out.getLast().start());
                if (o.start().isAfter(t) && !repeated && out.size() < n) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** Whether a unit expected to take {@code expected} (null when not known) may start at {@code now}. */
    public Decision admit(Instant now, Duration expected) {
        List<Opening> ahead = next(now, 1);
        Opening next = ahead.isEmpty() ? null : ahead.getFirst();
        boolean never = next == null || (expected != null && expected.compareTo(duration) > 0);
        Optional<Opening> in = openingAt(now);
        if (in.isEmpty()) {
            return new Decision(false, "window " + name + " is closed", next, never);
        }
        Opening o = in.get();
        if (now.isAfter(o.lastStart())) {
            return new Decision(false, "window " + name + " is past its latest start", next, never);
        }
        if (expected != null && now.plus(expected).isAfter(o.end())) {
            return new Decision(false, "window " + name + " has " + Duration.between(now, o.end()).toSeconds()
                    + "s left, the next unit is expected to take " + expected.toSeconds() + "s (measured)", next, never);
        }
        return new Decision(true, "", next, false);
    }
}
