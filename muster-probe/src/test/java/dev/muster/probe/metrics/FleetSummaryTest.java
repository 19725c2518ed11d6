package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSummaryTest {
    private static HostMetrics up(String host, double cpu, double mem, Double rx) {
        return new HostMetrics(host, HostMetrics.State.OK, null, cpu, 2, 0.5, 0.5, 0.5, mem, false, 0.0, null, null,
                rx, rx, null, null, null, null, 100.0, List.of());
    }

    @Test
    void percentilesUseNearestRankOverHostsThatAnsweredAndNameTheBusiestHost() {
        List<HostMetrics> all = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            all.add(up("web" + i, i * 10.0, 50.0, 100.0));
        }
        all.add(HostMetrics.down("web11", HostMetrics.State.UNREACHABLE, "refused"));
        all.add(HostMetrics.down("web12", HostMetrics.State.FAILED, "exit code 127"));

        FleetSummary s = FleetSummary.of(all, List.of(MetricColumn.CPU, MetricColumn.MEM, MetricColumn.DISK));

        assertThat(s.hosts()).isEqualTo(12);
        assertThat(s.up()).isEqualTo(10);
        assertThat(s.unreachable()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.cpus()).isEqualTo(20);
        assertThat(s.netRxBps()).isEqualTo(1000.0);
        assertThat(s.diskReadBps()).isNull();
        FleetSummary.Spread cpu = s.spreads().get(MetricColumn.CPU);
        assertThat(cpu.hosts()).isEqualTo(10);
        assertThat(cpu.p50()).isEqualTo(50.0);
        assertThat(cpu.p90()).isEqualTo(90.0);
        assertThat(cpu.max()).isEqualTo(100.0);
        assertThat(cpu.maxHost()).isEqualTo("web10");
        assertThat(s.spreads()).doesNotContainKey(MetricColumn.DISK);
    }

    @Test
    void oneHostIsItsOwnEveryPercentileAndNoHostsGiveNoSpread() {
        FleetSummary one = FleetSummary.of(List.of(up("a", 42.0, 10.0, null)), List.of(MetricColumn.CPU));
        assertThat(one.spreads().get(MetricColumn.CPU)).isEqualTo(new FleetSummary.Spread(1, 42.0, 42.0, 42.0, "a"));
        assertThat(one.netRxBps()).isNull();

        FleetSummary none = FleetSummary.of(List.of(), List.of(MetricColumn.CPU));
        assertThat(none.hosts()).isZero();
        assertThat(none.spreads()).isEmpty();
        assertThat(none.cpus()).isNull();
    }
}
