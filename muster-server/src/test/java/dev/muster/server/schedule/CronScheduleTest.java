package dev.muster.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static List<Instant> next(String cron, String zone, String after, int n) {
        return CronSchedule.parse(cron, zone, "test").next(Instant.parse(after), n);
    }

    private static List<Instant> instants(String... at) {
        return java.util.Arrays.stream(at).map(Instant::parse).toList();
    }

    @Test
    void fiveFieldsAreUnixCron() {
        assertThat(next("*/15 2 * * 1-5", "UTC", "2026-11-27T01:00:00Z", 3))
                .isEqualTo(instants("2026-11-27T02:00:00Z", "2026-11-27T02:15:00Z", "2026-11-27T02:30:00Z"));
    }

    @Test
    void sixFieldsPutSecondsFirst() {
        assertThat(next("*/20 * * * * *", "UTC", "2026-11-27T12:00:00Z", 3))
                .isEqualTo(instants("2026-11-27T12:00:20Z", "2026-11-27T12:00:40Z", "2026-11-27T12:01:00Z"));
    }

    @Test
    void sundayIsZeroOrSeven() {
        assertThat(next("0 0 * * 0", "UTC", "2026-11-27T00:00:00Z", 1)).isEqualTo(instants("2026-11-29T00:00:00Z"));
        assertThat(next("0 0 0 * * 7", "UTC", "2026-11-27T00:00:00Z", 1)).isEqualTo(instants("2026-11-29T00:00:00Z"));
    }

    @Test
    void macrosMeanTheirUsualCron() {
        assertThat(next("@hourly", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2026-11-27T13:00:00Z"));
        assertThat(next("@daily", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2026-11-28T00:00:00Z"));
        assertThat(next("@midnight", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2026-11-28T00:00:00Z"));
        assertThat(next("@weekly", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2026-11-29T00:00:00Z"));
        assertThat(next("@monthly", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2026-12-01T00:00:00Z"));
        assertThat(next("@yearly", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2027-01-01T00:00:00Z"));
        assertThat(next("@Annually", "UTC", "2026-11-27T12:00:00Z", 1)).isEqualTo(instants("2027-01-01T00:00:00Z"));
        assertThat(CronSchedule.parse("@daily", "UTC", "t").expression()).isEqualTo("@daily");
    }

    @Test
    void wallClockTimesFollowTheScheduleZone() {
        assertThat(next("0 2 * * *", "Europe/Berlin", "2026-11-27T12:00:00Z", 1))
                .isEqualTo(instants("2026-11-28T01:00:00Z"));
        assertThat(next("0 2 * * *", "America/New_York", "2026-07-01T12:00:00Z", 1))
                .isEqualTo(instants("2026-07-02T06:00:00Z"));
        assertThat(CronSchedule.parse("0 2 * * *", null, "t").zone().getId()).isEqualTo("UTC");
    }

    @Test
    void aWallTimeInTheSpringGapIsSkippedThatDay() {
        // 2026-03-29 in Berlin: 02:00 jumps to 03:00, so 02:30 does not exist that day.
        assertThat(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2))
                .isEqualTo(instants("2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"));
    }

    @Test
    void aWallTimeThatHappensTwiceInAutumnFiresOnce() {
        // 2026-10-25 in Berlin: 03:00 falls back to 02:00, so 02:30 happens twice.
        assertThat(next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2))
                .isEqualTo(instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"));
    }

    @Test
    void hourlyFiresEveryRealHourAcrossTheAutumnChange() {
        assertThat(next("0 * * * *", "Europe/Berlin", "2026-10-24T23:30:00Z", 4)).isEqualTo(instants(
                "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"));
    }

    @Test
    void latestAtOrBeforeIncludesTheInstantItself() {
        CronSchedule c = CronSchedule.parse("*/5 * * * *", "UTC", "t");
        assertThat(c.latestAtOrBefore(Instant.parse("2026-11-27T12:05:00Z"))).contains(Instant.parse("2026-11-27T12:05:00Z"));
        assertThat(c.latestAtOrBefore(Instant.parse("2026-11-27T12:09:59.999Z")))
                .contains(Instant.parse("2026-11-27T12:05:00Z"));
    }

    @Test
    void badExpressionsNameTheSourceLineAndWhatWasExpected() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC", "plans/nightly.yaml", 7))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("plans/nightly.yaml:7: bad cron '61 * * * *'")
                .hasMessageContaining("61").hasMessageContaining("expected minute hour day-of-month month day-of-week");
        assertThatThrownBy(() -> CronSchedule.parse("* * *", "UTC", "schedule x"))
                .hasMessageContaining("3 fields").hasMessageContaining(CronSchedule.EXPECTED);
        assertThatThrownBy(() -> CronSchedule.parse("", "UTC", "schedule x")).hasMessageContaining("0 fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 32 * * *", "UTC", "schedule x"))
                .hasMessageContaining("expected second minute hour day-of-month month day-of-week");
        assertThatThrownBy(() -> CronSchedule.parse("a b c d e", "UTC", "schedule x"))
                .isInstanceOf(InputException.class);
    }

    @Test
    void rebootIsRefusedWithAReason() {
        assertThatThrownBy(() -> CronSchedule.parse("@reboot", "UTC", "schedule boot"))
                .isInstanceOf(InputException.class).hasMessageContaining("'@reboot' is not supported");
    }

    @Test
    void aCronNoDateMatchesIsRefusedWhenASchedulesIsMadeButRareOnesAreKept() {
        for (String never : new String[] {"0 0 30 2 *", "0 0 31 4,6 *", "0 0 0 31 2 *"}) {
            assertThatThrownBy(() -> new ScheduleRequest("x", never, null, "p.yaml", null, null, null, null, null)
                    .toSchedule()).as(never).isInstanceOf(InputException.class)
                    .hasMessageContaining("schedule x: cron '" + never + "' never fires");
        }
        assertThat(new ScheduleRequest("leap", "0 0 29 2 *", null, "p.yaml", null, null, null, null, null).toSchedule()
                .cron().expression()).isEqualTo("0 0 29 2 *");
    }

    @Test
    void unknownZoneIsAnInputError() {
        assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus", "schedule x"))
                .isInstanceOf(InputException.class)
                .hasMessage("schedule x: unknown time zone 'Mars/Olympus'; expected an IANA zone such as UTC or Europe/Berlin");
    }

    @Test
    void policiesParseTheirKeysOrSayWhatWasExpected() {
        assertThat(MisfirePolicy.parse("run_once", "f", 1)).isEqualTo(MisfirePolicy.RUN_ONCE);
        assertThat(OverlapPolicy.parse("queue", "f", 1)).isEqualTo(OverlapPolicy.QUEUE);
        assertThatThrownBy(() -> MisfirePolicy.parse("later", "f", 3)).hasMessage(
                "f:3: unknown misfire policy 'later'; expected run_once or skip");
        assertThatThrownBy(() -> OverlapPolicy.parse("both", "f", 3)).hasMessage(
                "f:3: unknown overlap policy 'both'; expected forbid or queue");
    }
}
