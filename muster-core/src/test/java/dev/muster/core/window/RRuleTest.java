package dev.muster.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RRULE windows: ordinals, month ends, intervals across DST, COUNT, and bad text with its column. */
class RRuleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static List<Instant> starts(String rule, String start, ZoneId zone, String after, int n) {
        Window w = new Window("w", zone, Recurrence.parse(rule, LocalDateTime.parse(start), zone), Duration.ofHours(2),
                Set.of(), null, 0);
        return w.next(Instant.parse(after), n).stream().map(Window.Opening::start).toList();
    }

    static List<Instant> at(String... utc) {
        return java.util.Arrays.stream(utc).map(Instant::parse).toList();
    }

    @Test
    void firstSundayOfTheMonthIncludesDtstartAndFollowsBerlinIntoSummerTime() {
        assertThat(starts("FREQ=MONTHLY;BYDAY=1SU;BYHOUR=1", "2026-01-04T01:00", BERLIN, "2026-01-01T00:00:00Z", 4))
                .isEqualTo(at("2026-01-04T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z",
                        "2026-04-04T23:00:00Z"));
    }

    @Test
    void lastSaturdayAndLastDayOfTheMonth() {
        assertThat(starts("RRULE:FREQ=MONTHLY;BYDAY=-1SA;BYHOUR=22", "2026-01-01T00:00", NEW_YORK,
                "2026-01-01T00:00:00Z", 4)).isEqualTo(at("2026-02-01T03:00:00Z", "2026-03-01T03:00:00Z",
                "2026-03-29T02:00:00Z", "2026-04-26T02:00:00Z"));
        assertThat(starts("FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=23", "2026-01-15T00:00", BERLIN, "2026-01-01T00:00:00Z", 4))
                .isEqualTo(at("2026-01-31T22:00:00Z", "2026-02-28T22:00:00Z", "2026-03-31T21:00:00Z",
                        "2026-04-30T21:00:00Z"));
    }

    @Test
    void everyOtherSundayAt0230OpensAfterTheGapOnTheSpringForwardNight() {
        // 29 March 2026: 02:30 does not exist in Berlin; the opening is 03:30 CEST = 01:30Z
        assertThat(starts("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=2;BYMINUTE=30", "2026-03-15T02:30", BERLIN,
                "2026-03-15T00:00:00Z", 4)).isEqualTo(at("2026-03-15T01:30:00Z", "2026-03-29T01:30:00Z",
                "2026-04-12T00:30:00Z", "2026-04-26T00:30:00Z"));
    }

    @Test
    void countEndsTheWindowsOpenings() {
        assertThat(starts("FREQ=DAILY;COUNT=3;BYHOUR=1", "2026-06-01T00:00", BERLIN, "2026-05-01T00:00:00Z", 5))
                .isEqualTo(at("2026-05-31T23:00:00Z", "2026-06-01T23:00:00Z", "2026-06-02T23:00:00Z"));
        Window w = new Window("w", BERLIN, Recurrence.parse("FREQ=DAILY;COUNT=3;BYHOUR=1",
                LocalDateTime.parse("2026-06-01T00:00"), BERLIN), Duration.ofHours(2), Set.of(), null, 0);
        assertThat(w.admit(Instant.parse("2026-06-04T00:00:00Z"), null).never()).isTrue();
    }

    @Test
    void badRulesNameWhatWasExpectedAtTheirColumn() {
        record Bad(String text, int column, String message) {
        }
        for (Bad bad : List.of(
                new Bad("FREQ=YEARLY", 6, "FREQ must be DAILY, WEEKLY or MONTHLY, found \"YEARLY\""),
                new Bad("FREQ=WEEKLY;BYDAY=1SU", 13, "BYDAY with a number (like 1SU or -1SA) is for FREQ=MONTHLY"),
                new Bad("FREQ=MONTHLY;BYDAY=6SU", 20, "the number before the day must be 1 to 5"),
                new Bad("FREQ=MONTHLY;BYMONTHDAY=0", 25, "BYMONTHDAY (or -31 to -1 from the month's end) must be a number 1-31"),
                new Bad("FREQ=DAILY;COUNT=2;UNTIL=20260101", 20, "COUNT or UNTIL, not both"),
                new Bad("FREQ=DAILY;BYSETPOS=1", 12, "RRULE part BYSETPOS is not supported"),
                new Bad("FREQ=DAILY;BYHOUR=1,24", 21, "BYHOUR must be a number 0-23, found \"24\""),
                new Bad("FREQ=DAILY;UNTIL=20260230", 18, "UNTIL must be a date 20261231"),
                new Bad("BYHOUR=1", 1, "an RRULE needs FREQ"),
                new Bad("FREQ=DAILY;;BYHOUR=1", 12, "an RRULE is NAME=VALUE parts"),
                new Bad("FREQ=DAILY;FREQ=WEEKLY", 12, "RRULE part FREQ is given twice"),
                new Bad("FREQ=MONTHLY;BYDAY=1SU,MO", 14, "BYDAY mixes days with a number"))) {
            assertThatThrownBy(() -> Recurrence.parse(bad.text(), LocalDateTime.parse("2026-01-04T01:00"), BERLIN))
                    .as(bad.text()).isInstanceOf(Recurrence.BadRecurrence.class).hasMessageContaining(bad.message())
                    .extracting(e -> ((Recurrence.BadRecurrence) e).column()).isEqualTo(bad.column());
        }
        assertThatThrownBy(() -> Recurrence.parse("FREQ=DAILY", null, BERLIN))
                .hasMessageContaining("an RRULE needs the window's 'start'");
    }

    @Test
    void aCronWindowWithAStartDoesNotOpenBeforeIt() {
        assertThat(starts("0 1 * * *", "2026-06-10T00:00", BERLIN, "2026-06-01T00:00:00Z", 1))
                .isEqualTo(at("2026-06-09T23:00:00Z"));
    }
}
