package dev.muster.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.SshOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --where, columns and the Prometheus text format, on hand-made metrics. */
class OutputFormsTest {
    private static HostMetrics metrics(String host, double cpu, double mem) {
        return new HostMetrics(host, HostMetrics.State.OK, null, cpu, 2, 0.5, 0.4, 0.3, mem, false, 0.0, 40.0, "/",
                1024.0, 2048.0, 0.0, 4096.0, 0.0, 1.0, 90061.0, List.of());
    }

    @Test
    void whereJoinsComparisonsWithAnd() {
        MetricFilter f = MetricFilter.parse("cpu>80 & mem<=50");
        assertThat(f.test(metrics("a", 90, 50))).isTrue();
        assertThat(f.test(metrics("b", 90, 51))).isFalse();
        assertThat(f.test(metrics("c", 80, 10))).isFalse();
        assertThat(f.test(HostMetrics.down("d", HostMetrics.State.UNREACHABLE, "refused"))).isFalse();
        assertThat(MetricFilter.parse("iops=1").test(metrics("e", 0, 0))).isTrue();
    }

    @Test
    void aBadWhereNamesWhatWasExpected() {
        assertThatThrownBy(() -> MetricFilter.parse("cpu>80&mem>>3")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--where:1:8: found 'mem>>3': expected COLUMN OP NUMBER joined by '&'");
        assertThatThrownBy(() -> MetricFilter.parse("cpux>1")).hasMessageContaining("unknown column 'cpux'")
                .hasMessageContaining("cpu, load, mem, swap, disk, rx, tx, read, write, iops, uptime");
        assertThatThrownBy(() -> MetricFilter.parse("")).isInstanceOf(InputException.class);
    }

    @Test
    void cellsAreHumanSized() {
        assertThat(MetricColumn.RX.format(1536.0)).isEqualTo("1.5 KiB");
        assertThat(MetricColumn.RX.format(12.0)).isEqualTo("12 B");
        assertThat(MetricColumn.UPTIME.format(90061.0)).isEqualTo("1d01h");
        assertThat(MetricColumn.UPTIME.format(3700.0)).isEqualTo("1h01m");
        assertThat(MetricColumn.CPU.format(null)).isEqualTo("-");
    }

    @Test
    void prometheusTextHasHelpTypeAndEscapedLabels() {
        Host web = new Host("web01", SshOptions.of("10.0.0.1", 22), Map.of(), List.of("web", "front"), "prod",
                Map.of());
        Host odd = new Host("odd\"host\\x", SshOptions.of("10.0.0.2", 22), Map.of(), List.of("a\nb"), null, Map.of());
        String text = PrometheusText.of(List.of(metrics("web01", 12.5, 40),
                HostMetrics.down(odd.name(), HostMetrics.State.UNREACHABLE, "refused")), Map.of(),
                Map.of(web.name(), web, odd.name(), odd));
        assertThat(text).contains("# HELP muster_cpu_busy_ratio CPU busy share")
                .contains("# TYPE muster_cpu_busy_ratio gauge\n")
                .contains("muster_cpu_busy_ratio{host=\"web01\",group=\"web,front\",env=\"prod\"} 0.125\n")
                .contains("muster_host_up{host=\"web01\",group=\"web,front\",env=\"prod\"} 1\n")
                .contains("muster_host_up{host=\"odd\\\"host\\\\x\",group=\"a\\nb\",env=\"\"} 0\n")
                .contains("muster_uptime_seconds{host=\"web01\",group=\"web,front\",env=\"prod\"} 90061\n");
        assertThat(text.lines().filter(l -> l.startsWith("muster_cpu_busy_ratio"))).hasSize(1);
        assertThat(text.lines().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.matches("[a-z_0-9]+\\{host=\"(\\\\.|[^\"\\\\])*\",group=\"(\\\\.|[^\"\\\\])*\","
                        + "env=\"(\\\\.|[^\"\\\\])*\"} -?[0-9.E]+"));
    }

    @Test
    void cumulativeCountsAreCountersAndFileSystemsAddAMountLabel() {
        Snapshot s = new Snapshot(null, 4, null, null,
                Map.of("sda", new DiskCounters("sda", 10, 100, 20, 200), "sda1", new DiskCounters("sda1", 10, 100, 20, 200)),
                Map.of("eth0", new NetCounters("eth0", 1000, 500), "lo", new NetCounters("lo", 7, 7)), 90061.0,
                List.of(new Filesystem("/dev/sda1", "/", 100, 50, 50), new Filesystem("tmp", "/", 1, 1, 0)), List.of(), 0);
        String text = PrometheusText.of(List.of(metrics("web01", 12.5, 40)), Map.of("web01", s), Map.of());
        assertThat(text).contains("# TYPE muster_network_receive_bytes_total counter\n")
                .contains("muster_network_receive_bytes_total{host=\"web01\",group=\"\",env=\"\"} 1000\n")
                .contains("muster_disk_read_bytes_total{host=\"web01\",group=\"\",env=\"\"} 51200\n")
                .contains("muster_disk_writes_completed_total{host=\"web01\",group=\"\",env=\"\"} 20\n")
                .contains("muster_filesystem_used_ratio{host=\"web01\",group=\"\",env=\"\",mount=\"/\"} 0.5\n")
                .doesNotContain("bytes_per_second");
        assertThat(text.lines().filter(l -> l.startsWith("muster_filesystem_used_ratio{"))).hasSize(1);
    }
}
