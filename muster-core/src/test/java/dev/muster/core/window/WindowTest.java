package dev.muster.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Openings across midnight and the DST changes of Europe/Berlin and America/New_York (2026). */
class WindowTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Window window(ZoneId zone, String every, Duration duration, Set<LocalDate> except, Duration latest) {
        return new Window("w", zone, Recurrence.parse(every), duration, except, latest, 0);
    }

    static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void windowCrossingMidnightIsOpenAfterMidnightAndClosedAfterItsEnd() {
        Window w = window(BERLIN, "0 23 * * *", Duration.ofHours(3), Set.of(), null);
        // 00:30 CEST on 10 June is inside the opening that started 23:00 CEST on 9 June (21:00Z)
        assertThat(w.openingAt(at("2026-06-09T22:30:00Z"))).get()
                .extracting(Window.Opening::start).isEqualTo(at("2026-06-09T21:00:00Z"));
        assertThat(w.admit(at("2026-06-09T23:59:59Z"), null).go()).isTrue();
        Window.Decision closed = w.admit(at("2026-06-10T00:00:00Z"), null);
        assertThat(closed.go()).isFalse();
        assertThat(closed.next().start()).isEqualTo(at("2026-06-10T21:00:00Z"));
    }

    @Test
    void berlinSpringForwardWindowLastsItsRealDuration() {
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST. 01:00 CET = 00:00Z; 3h later is 05:00 CEST.
        Window w = window(BERLIN, "0 1 * * *", Duration.ofHours(3), Set.of(), null);
        assertThat(w.admit(at("2026-03-29T02:59:00Z"), null).go()).isTrue();
        assertThat(w.admit(at("2026-03-29T03:00:00Z"), null).go()).isFalse();
    }

    @Test
    void berlinFiringInTheGapOpensAfterTheGapAndRepeatedHourFiresOnce() {
        Window gap = window(BERLIN, "30 2 * * *", Duration.ofMinutes(30), Set.of(), null);
        // 02:30 does not exist on 29 March: it opens at 03:30 CEST = 01:30Z
        assertThat(gap.next(at("2026-03-28T12:00:00Z"), 1).getFirst().start()).isEqualTo(at("2026-03-29T01:30:00Z"));
        // 25 October: 02:30 happens twice (CEST then CET); the window opens once, at the first
        var openings = gap.next(at("2026-10-24T12:00:00Z"), 2);
        assertThat(openings).extracting(Window.Opening::start)
                .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
        assertThat(gap.admit(at("2026-10-25T01:40:00Z"), null).go()).isFalse(); // second 02:40 is not in a window
    }

    @Test
    void newYorkFallBackWindowCrossingMidnightCoversTheRepeatedHour() {
        // Sat 31 Oct 2026 23:00 EDT = 1 Nov 03:00Z; 4h → 07:00Z = 02:00 EST, after 01:xx happened twice
        Window w = window(NEW_YORK, "0 23 * * SAT", Duration.ofHours(4), Set.of(), null);
        assertThat(w.admit(at("2026-11-01T05:30:00Z"), null).go()).isTrue(); // 01:30 EDT
        assertThat(w.admit(at("2026-11-01T06:30:00Z"), null).go()).isTrue(); // 01:30 EST
        Window.Decision after = w.admit(at("2026-11-01T07:00:00Z"), null);
        assertThat(after.go()).isFalse();
        assertThat(after.next().start()).isEqualTo(at("2026-11-08T04:00:00Z")); // next Saturday 23:00 EST
    }

    @Test
    void newYorkSpringForwardWindowEndsAfterItsRealDuration() {
        // Sat 7 Mar 2026 22:00 EST = 8 Mar 03:00Z; 5h → 08:00Z = 04:00 EDT (not 03:00 wall time + 5)
        Window w = window(NEW_YORK, "0 22 * * 6", Duration.ofHours(5), Set.of(), null);
        assertThat(w.admit(at("2026-03-08T07:59:00Z"), null).go()).isTrue();
        assertThat(w.admit(at("2026-03-08T08:00:00Z"), null).go()).isFalse();
    }

    @Test
    void excludedDateSkipsThatOpening() {
        Window w = window(BERLIN, "0 22 * * *", Duration.ofHours(2), Set.of(LocalDate.of(2026, 12, 24)), null);
        assertThat(w.admit(at("2026-12-24T21:30:00Z"), null).go()).isFalse();
        assertThat(w.next(at("2026-12-24T12:00:00Z"), 1).getFirst().start()).isEqualTo(at("2026-12-25T21:00:00Z"));
    }

    @Test
    void latestStartAndFitCheckRefuseAUnitThatWouldOverrun() {
        Window w = window(BERLIN, "0 22 * * *", Duration.ofHours(2), Set.of(), Duration.ofHours(1));
        Instant open = at("2026-07-01T20:00:00Z");
        assertThat(w.admit(open.plus(Duration.ofMinutes(59)), null).go()).isTrue();
        assertThat(w.admit(open.plus(Duration.ofMinutes(61)), null).reason()).contains("latest start");
        // 30 minutes left
        Window fit = window(BERLIN, "0 22 * * *", Duration.ofHours(2), Set.of(), null);
        Instant late = open.plus(Duration.ofMinutes(90));
        assertThat(fit.admit(late, Duration.ofMinutes(20)).go()).isTrue();
        Window.Decision no = fit.admit(late, Duration.ofMinutes(40));
        assertThat(no.go()).isFalse();
        assertThat(no.reason()).contains("expected to take 2400s");
        assertThat(no.never()).isFalse();
        assertThat(fit.admit(late, Duration.ofHours(3)).never()).isTrue();
    }

    @Test
    void recurrenceErrorsNameTheColumn() {
        assertThatThrownBy(() -> Recurrence.parse("0 25 * * *")).isInstanceOf(Recurrence.BadRecurrence.class)
                .hasMessageContaining("hour must be 0-23, found \"25\"")
                .extracting(e -> ((Recurrence.BadRecurrence) e).column()).isEqualTo(3);
        assertThatThrownBy(() -> Recurrence.parse("0 2 * *")).hasMessageContaining("5 fields");
        assertThat(Recurrence.parse("0 2 * * SUN,WED").matchesDay(LocalDate.of(2026, 12, 6))).isTrue();
        assertThat(Recurrence.parse("0 2 * * 7").matchesDay(LocalDate.of(2026, 12, 6))).isTrue();
        assertThat(Recurrence.parse("*/15 2 * * *").firings(LocalDate.of(2026, 12, 6))).hasSize(4);
    }
}
