package dev.muster.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.probe.metrics.MetricColumn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopSettingsTest {
    private static TopSettings every(Duration d) {
        return new TopSettings("all", MetricColumn.CPU, null, d, 0);
    }

    @Test
    void plusAndMinusStepThroughTheIntervalsAndStopAtBothEnds() {
        assertThat(every(Duration.ofSeconds(2)).slower().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(every(Duration.ofSeconds(2)).faster().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(every(Duration.ofMillis(3500)).faster().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(every(Duration.ofMillis(250)).faster().interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(every(Duration.ofMinutes(1)).slower().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(every(Duration.ofMinutes(5)).slower().interval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void sortKeysNameTheColumnsTheHelpLineLists() {
        assertThat(List.of('c', 'l', 'm', 's', 'd', 'r', 't', 'w', 'i', 'u').stream().map(LiveTop::sortKey))
                .containsExactly(MetricColumn.CPU, MetricColumn.LOAD, MetricColumn.MEM, MetricColumn.SWAP,
                        MetricColumn.DISK, MetricColumn.RX, MetricColumn.TX, MetricColumn.WRITE, MetricColumn.IOPS,
                        MetricColumn.UPTIME);
        assertThat(LiveTop.sortKey('x')).isNull();
    }

    @Test
    void theFirstRefreshMayConnectAndLaterOnesGetThreeQuartersOfTheInterval() {
        Duration connect = Duration.ofSeconds(10);
        assertThat(TopSampler.hostTimeout(true, Duration.ofSeconds(2), null, connect))
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(TopSampler.hostTimeout(false, Duration.ofSeconds(2), null, connect))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(TopSampler.hostTimeout(false, Duration.ofMillis(250), null, connect))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(TopSampler.hostTimeout(false, Duration.ofSeconds(2), Duration.ofSeconds(1), connect))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(TopSampler.hostTimeout(true, Duration.ofSeconds(2), Duration.ofSeconds(3), connect))
                .isEqualTo(Duration.ofSeconds(3));
    }
}
