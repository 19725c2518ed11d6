package dev.muster.cli.output;

import dev.muster.core.exec.PoolStats;
import dev.muster.core.inventory.HostSet;
import dev.muster.probe.metrics.FleetSummary;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What `muster top` shows for one refresh, as lines of text: the fleet summary, one row per host
 * sorted by the chosen column, and a status line. Pure, so it is tested without a terminal; the
 * live screen only styles lines by their {@link Kind}, and plain output prints them as they are.
 */
public final class TopView {
    /** The columns in the order shown; the narrower the screen, the fewer (the sort column stays). */
    static final List<MetricColumn> COLUMNS = List.of(MetricColumn.CPU, MetricColumn.LOAD, MetricColumn.MEM,
            MetricColumn.SWAP, MetricColumn.DISK, MetricColumn.RX, MetricColumn.TX, MetricColumn.READ,
            MetricColumn.WRITE, MetricColumn.UPTIME);
    static final List<MetricColumn> SPREADS = List.of(MetricColumn.CPU, MetricColumn.MEM, MetricColumn.DISK);
    public static final String KEYS = "q quit  c cpu  l load  m mem  s swap  d disk  r rx  t tx  w write  i iops  "
            + "u uptime  n name  +/- interval";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public enum Kind { TITLE, SUMMARY, WARN, HEADER, ROW, DOWN, STATUS }

    public record Line(String text, Kind kind) {
    }

    /**
     * Everything around the hosts' numbers.
     *
     * @param sort        the sort column, or null for host name
     * @param lastRefresh how long the last refresh took, null before the first
     * @param at          wall-clock time of the last refresh, null before the first
     * @param keys        whether to show the key help (live screen only)
     */
    public record Status(String selector, MetricColumn sort, MetricFilter filter, Duration interval,
                         Duration lastRefresh, LocalTime at, PoolStats pool, boolean keys) {
    }

    private TopView() {
    }

    /**
     * @param width  columns available, 0 for no limit
     * @param height rows available, 0 for no limit; the status lines take the last rows
     */
    public static List<Line> render(List<HostMetrics> all, Status status, int width, int height) {
        List<Line> top = new ArrayList<>();
        FleetSummary summary = FleetSummary.of(all, SPREADS);
        top.add(new Line(title(summary, status, width), Kind.TITLE));
        top.add(new Line(totals(summary), Kind.SUMMARY));
        for (MetricColumn c : SPREADS) {
            top.add(new Line(spread(c, summary.spreads().get(c)), Kind.SUMMARY));
        }
        down(all, HostMetrics.State.UNREACHABLE, top);
        down(all, HostMetrics.State.FAILED, top);

        List<HostMetrics> rows = shown(all, status);
        List<Line> bottom = new ArrayList<>();
        bottom.add(new Line(statusLine(status, all.size(), rows.size()), Kind.STATUS));
        if (status.keys()) {
            bottom.add(new Line(KEYS, Kind.STATUS));
        }

        Table table = Table.layout(rows, status.sort(), width);
        List<Line> out = new ArrayList<>(top);
        out.add(new Line(table.header(), Kind.HEADER));
        int room = height <= 0 ? Integer.MAX_VALUE : height - out.size() - bottom.size();
        for (int i = 0; i < rows.size() && room > 0; i++, room--) {
            if (room == 1 && i < rows.size() - 1) {
                out.add(new Line("... " + (rows.size() - i) + " more hosts", Kind.WARN));
                break;
            }
            HostMetrics m = rows.get(i);
            out.add(new Line(table.row(m), m.ok() ? Kind.ROW : Kind.DOWN));
        }
        if (height > 0) {
            while (out.size() < height - bottom.size()) {
                out.add(new Line("", Kind.ROW));
            }
        }
        out.addAll(bottom);
        List<Line> fitted = new ArrayList<>(out.size());
        for (Line l : height > 0 && out.size() > height ? out.subList(0, height) : out) {
            fitted.add(new Line(fit(l.text(), width), l.kind()));
        }
        return fitted;
    }

    /** Filtered then sorted; hosts that did not answer are always shown (a filter cannot judge them). */
    public static List<HostMetrics> shown(List<HostMetrics> all, Status status) {
        MetricFilter f = status.filter();
        List<HostMetrics> out = new ArrayList<>(f == null ? all
                : all.stream().filter(m -> !m.ok() || f.test(m)).toList());
        Comparator<HostMetrics> byName = Comparator.comparing(HostMetrics::host, HostSet.NAME_ORDER);
        MetricColumn sort = status.sort();
        out.sort(sort == null ? byName : Comparator.comparing((HostMetrics m) -> sort.of(m),
                Comparator.nullsLast(Comparator.<Double>reverseOrder())).thenComparing(byName));
        return out;
    }

    private static String title(FleetSummary s, Status status, int width) {
        String left = "muster top · " + status.selector() + " · " + s.hosts() + " hosts · " + s.up() + " up · "
                + s.unreachable() + " unreachable · " + s.failed() + " failed";
        if (status.at() == null) {
            return left + " · connecting...";
        }
        String clock = CLOCK.format(status.at());
        int gap = width <= 0 ? 2 : Math.max(2, width - left.length() - clock.length());
        return left.length() + 2 + clock.length() > width && width > 0 ? left : left + " ".repeat(gap) + clock;
    }

    private static String totals(FleetSummary s) {
        return "total  cpus " + (s.cpus() == null ? "-" : s.cpus()) + " · net rx " + rate(s.netRxBps()) + " tx "
                + rate(s.netTxBps()) + " · disk read " + rate(s.diskReadBps()) + " write " + rate(s.diskWriteBps());
    }

    private static String rate(Double bps) {
        return bps == null ? "-" : MetricColumn.RX.format(bps) + "/s";
    }

    private static String spread(MetricColumn c, FleetSummary.Spread s) {
        String name = pad(c.header().toLowerCase(Locale.ROOT), 6, false);
        if (s == null) {
            return name + " -";
        }
        return name + "p50 " + pad(c.format(s.p50()), 5, true) + "  p90 " + pad(c.format(s.p90()), 5, true)
                + "  max " + pad(c.format(s.max()), 5, true) + " " + s.maxHost();
    }

    private static void down(List<HostMetrics> all, HostMetrics.State state, List<Line> into) {
        List<String> names = all.stream().filter(m -> m.state() == state).map(HostMetrics::host).toList();
        if (!names.isEmpty()) {
            into.add(new Line(state.key() + " (" + names.size() + "): " + HostSet.of(names).fold(), Kind.WARN));
        }
    }

    private static String statusLine(Status s, int hosts, int shown) {
        StringBuilder b = new StringBuilder("sort ").append(s.sort() == null ? "name" : s.sort().key())
                .append(" · every ").append(human(s.interval()));
        b.append(" · refresh ").append(s.lastRefresh() == null ? "-" : human(s.lastRefresh()));
        if (shown != hosts) {
            b.append(" · ").append(shown).append(" of ").append(hosts).append(" shown");
        }
        PoolStats p = s.pool();
        if (p != null) {
            b.append(" · pool ").append(p.active()).append(" active ").append(p.idle()).append(" idle ")
                    .append(p.waiting()).append(" waiting ").append(p.created()).append(" created ")
                    .append(p.failed()).append(" failed");
        }
        return b.toString();
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
    }

    static String fit(String s, int width) {
        return width > 0 && s.length() > width ? s.substring(0, width) : s;
    }

    static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
