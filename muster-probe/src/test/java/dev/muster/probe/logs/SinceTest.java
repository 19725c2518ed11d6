package dev.muster.probe.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SinceTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T20:00:00Z"), ZoneId.of("Europe/Berlin"));

    @Test
    void durationsCountBackFromNow() {
        assertThat(Since.parse("10m", clock)).isEqualTo(Instant.parse("2026-11-27T19:50:00Z"));
        assertThat(Since.parse("1h30m", clock)).isEqualTo(Instant.parse("2026-11-27T18:30:00Z"));
        assertThat(Since.parse("2d", clock)).isEqualTo(Instant.parse("2026-11-25T20:00:00Z"));
        assertThat(Since.parse("90", clock)).isEqualTo(Instant.parse("2026-11-27T19:58:30Z"));
    }

    @Test
    void timestampsWithAZoneAreExactAndWithoutOneAreInTheControllersZone() {
        assertThat(Since.parse("2026-11-27T19:01:02Z", clock)).isEqualTo(Instant.parse("2026-11-27T19:01:02Z"));
        assertThat(Since.parse("2026-11-27T20:01:02+01:00", clock)).isEqualTo(Instant.parse("2026-11-27T19:01:02Z"));
        assertThat(Since.parse("2026-11-27 20:01", clock)).isEqualTo(Instant.parse("2026-11-27T19:01:00Z"));
        assertThat(Since.parse("2026-11-27", clock)).isEqualTo(Instant.parse("2026-11-26T23:00:00Z"));
    }

    @Test
    void anythingElseIsBadInputThatSaysWhatIsAccepted() {
        for (String bad : new String[] {"", "yesterday", "10x", "m10", "2026-13-01", "1h 30m"}) {
            assertThatThrownBy(() -> Since.parse(bad, clock)).as(bad).isInstanceOf(InputException.class)
                    .hasMessageContaining("--since").hasMessageContaining("10m");
        }
    }
}
