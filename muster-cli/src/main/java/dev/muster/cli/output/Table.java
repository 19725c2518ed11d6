package dev.muster.cli.output;

import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * The host table of `muster top` laid out for a width: columns that do not fit are dropped from
 * the right, never the sort column; the sort column's header is marked with {@code *}.
 */
record Table(int hostWidth, List<MetricColumn> columns, MetricColumn sort) {

    static Table layout(List<HostMetrics> rows, MetricColumn sort, int width) {
        int hostWidth = Math.max(5, rows.stream().mapToInt(m -> m.host().length()).max().orElse(5));
        List<MetricColumn> columns = new ArrayList<>(TopView.COLUMNS);
        if (sort != null && !columns.contains(sort)) {
            columns.add(sort);
        }
        while (width > 0 && total(hostWidth, columns) > width) {
            MetricColumn drop = null;
            for (MetricColumn c : columns) {
                if (c != sort) {
                    drop = c;
                }
            }
            if (drop == null) {
                break;
            }
            columns.remove(drop);
        }
        return new Table(hostWidth, List.copyOf(columns), sort);
    }

    private static int total(int hostWidth, List<MetricColumn> columns) {
        return hostWidth + columns.stream().mapToInt(c -> 2 + cellWidth(c)).sum();
    }

    static int cellWidth(MetricColumn c) {
        return Math.max(c.header().length() + 1, c.unit() == MetricColumn.Unit.BYTES_PER_SECOND ? 9 : 6);
    }

    String header() {
        StringBuilder b = new StringBuilder(TopView.pad(sort == null ? "*HOST" : "HOST", hostWidth, false));
        for (MetricColumn c : columns) {
            b.append("  ").append(TopView.pad(c == sort ? "*" + c.header() : c.header(), cellWidth(c), true));
        }
        return b.toString();
    }

    String row(HostMetrics m) {
        StringBuilder b = new StringBuilder(TopView.pad(m.host(), hostWidth, false));
        if (!m.ok()) {
            String why = m.error() == null ? "" : ": " + m.error().replaceAll("\\s+", " ");
            return b.append("  ").append(m.state().key()).append(why).toString();
        }
        for (MetricColumn c : columns) {
            b.append("  ").append(TopView.pad(c.format(c.of(m)), cellWidth(c), true));
        }
        return b.toString();
    }
}
