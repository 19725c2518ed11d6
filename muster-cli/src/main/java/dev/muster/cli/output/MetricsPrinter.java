package dev.muster.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.output.Terminal.Style;
import dev.muster.core.Redactor;
import dev.muster.core.inventory.Host;
import dev.muster.core.inventory.HostSet;
import dev.muster.probe.metrics.HostMetrics;
import dev.muster.probe.metrics.MetricColumn;
import dev.muster.probe.metrics.MetricFilter;
import dev.muster.probe.metrics.PrometheusText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** `muster metrics` output: a table with one row per host (never folded), JSON lines, or Prometheus text. */
public final class MetricsPrinter {
    private static final List<MetricColumn> TABLE = List.of(MetricColumn.CPU, MetricColumn.LOAD, MetricColumn.MEM,
            MetricColumn.SWAP, MetricColumn.DISK, MetricColumn.RX, MetricColumn.TX, MetricColumn.READ,
            MetricColumn.WRITE, MetricColumn.UPTIME);
    private final Terminal term;
    private final Redactor redactor;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    public MetricsPrinter(Terminal term, Redactor redactor, List<Host> hosts) {
        this.term = term;
        this.redactor = redactor;
        hosts.forEach(h -> this.hosts.put(h.name(), h));
    }

    /** Filters, then sorts: by host name, or by {@code sortBy} highest first with unknown values last. */
    public static List<HostMetrics> select(List<HostMetrics> all, MetricFilter filter, MetricColumn sortBy) {
        List<HostMetrics> out = new ArrayList<>(filter == null ? all : all.stream().filter(filter).toList());
        Comparator<HostMetrics> byName = Comparator.comparing(HostMetrics::host, HostSet.NAME_ORDER);
        if (sortBy == null) {
            out.sort(byName);
        } else {
            out.sort(Comparator.comparing((HostMetrics m) -> sortBy.of(m),
                    Comparator.nullsLast(Comparator.<Double>reverseOrder())).thenComparing(byName));
        }
        return out;
    }

    public void table(List<HostMetrics> shown, List<HostMetrics> all, Duration elapsed, boolean blankLineFirst) {
        PrintWriter out = term.out();
        if (blankLineFirst) {
            out.println();
        }
        int width = Math.max(4, shown.stream().mapToInt(m -> m.host().length()).max().orElse(4));
        StringBuilder head = new StringBuilder(pad("HOST", width, false));
        TABLE.forEach(c -> head.append("  ").append(pad(c.header(), cellWidth(c), true)));
        out.println(term.paint(Style.BOLD, head.toString()));
        for (HostMetrics m : shown) {
            StringBuilder row = new StringBuilder(pad(m.host(), width, false));
            if (!m.ok()) {
                row.append("  ").append(term.paint(m.state() == HostMetrics.State.UNREACHABLE ? Style.MAGENTA
                        : Style.RED, m.state().key() + (m.error() == null ? "" : ": " + m.error())));
            } else {
                TABLE.forEach(c -> row.append("  ").append(pad(c.format(c.of(m)), cellWidth(c), true)));
            }
            out.println(redactor.redact(row.toString()));
        }
        for (HostMetrics m : shown) {
            for (String p : m.problems()) {
                out.println(term.paint(Style.YELLOW, redactor.redact(m.host() + ": could not read " + p)));
            }
        }
        long ok = all.stream().filter(HostMetrics::ok).count();
        long unreachable = all.stream().filter(m -> m.state() == HostMetrics.State.UNREACHABLE).count();
        out.println(term.paint(Style.BOLD, "metrics") + ": " + all.size() + " hosts · " + ok + " ok · "
                + unreachable + " unreachable · " + (all.size() - ok - unreachable) + " failed"
                + (shown.size() == all.size() ? "" : " · " + shown.size() + " shown")
                + String.format(Locale.ROOT, " · %.2fs", elapsed.toMillis() / 1000.0));
        out.flush();
    }

    private static int cellWidth(MetricColumn c) {
        return Math.max(c.header().length(), c.unit() == MetricColumn.Unit.BYTES_PER_SECOND ? 9 : 6);
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    public void json(List<HostMetrics> shown, int round) {
        for (HostMetrics m : shown) {
            ObjectNode n = json.createObjectNode();
            n.put("host", m.host());
            n.put("state", m.state().key());
            n.put("error", m.error());
            n.put("round", round);
            put(n, "cpu_percent", m.cpuPercent());
            n.put("cpus", m.cpus());
            put(n, "load1", m.load1());
            put(n, "load5", m.load5());
            put(n, "load15", m.load15());
            put(n, "mem_percent", m.memPercent());
            n.put("mem_estimated", m.memEstimated());
            put(n, "swap_percent", m.swapPercent());
            put(n, "disk_percent", m.diskPercent());
            n.put("fullest_mount", m.fullestMount());
            put(n, "net_rx_bps", m.netRxBps());
            put(n, "net_tx_bps", m.netTxBps());
            put(n, "disk_read_bps", m.diskReadBps());
            put(n, "disk_write_bps", m.diskWriteBps());
            put(n, "read_iops", m.readIops());
            put(n, "write_iops", m.writeIops());
            put(n, "uptime_seconds", m.uptimeSeconds());
            m.problems().forEach(n.putArray("problems")::add);
            if (m.problems().isEmpty()) {
                n.putArray("problems");
            }
            try {
                term.out().println(redactor.redact(json.writeValueAsString(n)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        term.out().flush();
    }

    private static void put(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, Math.round(v * 100) / 100.0);
        }
    }

    /** @param snapshots the round's snapshots by host: the counters and file systems come from them */
    public void prometheus(List<HostMetrics> shown, java.util.Map<String, dev.muster.probe.metrics.Snapshot> snapshots) {
        term.out().print(redactor.redact(PrometheusText.of(shown, snapshots, hosts)));
        term.out().flush();
    }
}
