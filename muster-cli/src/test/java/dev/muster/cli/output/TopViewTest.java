package dev.muster.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.PoolStats;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopViewTest {
    private static final LocalTime AT = LocalTime.of(21, 50, 7);

    private static HostMetrics up(String host, double cpu, double mem, double disk) {
        return new HostMetrics(host, HostMetrics.State.OK, null, cpu, 4, cpu / 25, 0.1, 0.1, mem, false, 0.0, disk, "/",
                2048.0, 1024.0, 0.0, 4096.0, 0.0, 1.0, 90_000.0, List.of());
    }

    private static HostMetrics down(String host, HostMetrics.State state, String why) {
        return new HostMetrics(host, state, why, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, List.of());
    }

    private static TopView.Status status(MetricColumn sort) {
        return new TopView.Status("all", sort, null, Duration.ofSeconds(2), Duration.ofMillis(410), AT,
                new PoolStats(0, 3, 0, 4, 1), true);
    }

    private static final List<HostMetrics> FLEET = List.of(up("web01", 10, 40, 70), up("web02", 90, 20, 50),
            down("web03", HostMetrics.State.UNREACHABLE, "connect to 10.0.0.3:22: connection\nrefused"),
            up("web04", 50, 80, 30), down("web05", HostMetrics.State.FAILED, "exit code 127"));

    private static List<String> texts(List<TopView.Line> lines) {
        return lines.stream().map(TopView.Line::text).toList();
    }

    private static List<String> rows(List<TopView.Line> lines) {
        return lines.stream().filter(l -> l.kind() == TopView.Kind.ROW || l.kind() == TopView.Kind.DOWN)
                .map(TopView.Line::text).filter(t -> !t.isEmpty()).map(t -> t.substring(0, 5)).toList();
    }

    @Test
    void rowsAreSortedHighestFirstWithHostsThatDidNotAnswerLastAndShownAsSuch() {
        List<TopView.Line> lines = TopView.render(FLEET, status(MetricColumn.CPU), 0, 0);
        assertThat(rows(lines)).containsExactly("web02", "web04", "web01", "web03", "web05");
        assertThat(texts(lines)).anyMatch(t -> t.matches("web03 +unreachable: connect to 10.0.0.3:22: connection "
                + "refused"));
        assertThat(texts(lines)).anyMatch(t -> t.matches("web05 +failed: exit code 127"));
        assertThat(rows(TopView.render(FLEET, status(MetricColumn.MEM), 0, 0)))
                .containsExactly("web04", "web01", "web02", "web03", "web05");
    }

    @Test
    void theSortColumnIsMarkedAndNameOrderKeepsDownHostsInPlace() {
        List<TopView.Line> byCpu = TopView.render(FLEET, status(MetricColumn.CPU), 0, 0);
        String header = header(byCpu);
        assertThat(header).matches("HOST  +\\*CPU% +LOAD1 +MEM% .*UPTIME");
        List<TopView.Line> byName = TopView.render(FLEET, status(null), 0, 0);
        assertThat(header(byName)).startsWith("*HOST ").contains(" CPU% ");
        assertThat(rows(byName)).containsExactly("web01", "web02", "web03", "web04", "web05");
    }

    private static String header(List<TopView.Line> lines) {
        return lines.stream().filter(l -> l.kind() == TopView.Kind.HEADER).findFirst().orElseThrow().text();
    }

    @Test
    void summaryHasHostTalliesTotalsPercentilesAndNamesHostsThatAreDown() {
        List<String> t = texts(TopView.render(FLEET, status(MetricColumn.CPU), 0, 0));
        assertThat(t.getFirst()).startsWith("muster top · all · 5 hosts · 3 up · 1 unreachable · 1 failed")
                .endsWith("21:50:07");
        assertThat(t).contains("total  cpus 12 · net rx 6.0 KiB/s tx 3.0 KiB/s · disk read 0 B/s write 12.0 KiB/s");
        assertThat(t).contains("cpu%  p50  50.0  p90  90.0  max  90.0 web02",
                "mem%  p50  40.0  p90  80.0  max  80.0 web04", "disk% p50  50.0  p90  70.0  max  70.0 web01");
        assertThat(t).contains("unreachable (1): web03", "failed (1): web05");
        assertThat(t).anyMatch(l -> l.startsWith("sort cpu · every 2s · refresh 410ms · pool 0 active 3 idle"));
        assertThat(t.getLast()).isEqualTo(TopView.KEYS);
    }

    @Test
    void everyLineFitsTheWidthAndNarrowScreensDropColumnsButNeverTheSortColumn() {
        List<TopView.Line> lines = TopView.render(FLEET, status(MetricColumn.UPTIME), 40, 0);
        assertThat(texts(lines)).allMatch(l -> l.length() <= 40);
        assertThat(header(lines)).matches("HOST  +CPU% +LOAD1 +MEM% +\\*UPTIME");
        assertThat(texts(lines)).anyMatch(l -> l.matches("web01 +10\\.0 +0\\.40 +40\\.0 +1d01h"));
        String wide = header(TopView.render(FLEET, status(MetricColumn.UPTIME), 200, 0));
        assertThat(wide).contains("DISK W/s").contains("*UPTIME");
    }

    @Test
    void aShortScreenShowsWhatFitsSaysHowManyMoreAndKeepsTheStatusAtTheBottom() {
        List<HostMetrics> many = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            many.add(up(String.format("db%02d", i), i, 10, 10));
        }
        List<TopView.Line> lines = TopView.render(many, status(MetricColumn.CPU), 100, 15);
        assertThat(lines).hasSize(15);
        assertThat(lines.get(13).kind()).isEqualTo(TopView.Kind.STATUS);
        assertThat(lines.get(14).text()).isEqualTo(TopView.KEYS.substring(0, Math.min(100, TopView.KEYS.length())));
        List<String> t = texts(lines);
        assertThat(t.get(12)).isEqualTo("... 44 more hosts");
        assertThat(t.get(6)).startsWith("db50 ");
        assertThat(t.get(11)).startsWith("db45 ");

        List<TopView.Line> tall = TopView.render(FLEET, status(MetricColumn.CPU), 100, 30);
        assertThat(tall).hasSize(30);
        assertThat(tall.get(28).kind()).isEqualTo(TopView.Kind.STATUS);
    }

    @Test
    void whereFiltersHostsThatAnsweredButNeverHidesThoseThatDidNot() {
        TopView.Status s = new TopView.Status("@web", MetricColumn.CPU, MetricFilter.parse("cpu>40"),
                Duration.ofSeconds(5), null, null, null, false);
        List<TopView.Line> lines = TopView.render(FLEET, s, 0, 0);
        assertThat(rows(lines)).containsExactly("web02", "web04", "web03", "web05");
        assertThat(texts(lines)).anyMatch(l -> l.contains("4 of 5 shown"));
        assertThat(texts(lines).getFirst()).endsWith("connecting...");
        assertThat(texts(lines)).doesNotContain(TopView.KEYS);
    }

    @Test
    void beforeTheFirstRefreshThereAreNoRowsAndNoPercentiles() {
        List<String> t = texts(TopView.render(List.of(), status(MetricColumn.CPU), 80, 24));
        assertThat(t).hasSize(24).contains("cpu%   -", "total  cpus - · net rx - tx - · disk read - write -");
    }
}
