package dev.muster.probe.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The per-host numbers a table shows and {@code --sort} / {@code --where} name. */
public enum MetricColumn {
    CPU("cpu", "CPU%", HostMetrics::cpuPercent, Unit.PERCENT),
    LOAD("load", "LOAD1", HostMetrics::load1, Unit.PLAIN),
    MEM("mem", "MEM%", HostMetrics::memPercent, Unit.PERCENT),
    SWAP("swap", "SWAP%", HostMetrics::swapPercent, Unit.PERCENT),
    DISK("disk", "DISK%", HostMetrics::diskPercent, Unit.PERCENT),
    RX("rx", "NET RX/s", HostMetrics::netRxBps, Unit.BYTES_PER_SECOND),
    TX("tx", "NET TX/s", HostMetrics::netTxBps, Unit.BYTES_PER_SECOND),
    READ("read", "DISK R/s", HostMetrics::diskReadBps, Unit.BYTES_PER_SECOND),
    WRITE("write", "DISK W/s", HostMetrics::diskWriteBps, Unit.BYTES_PER_SECOND),
    IOPS("iops", "IOPS", m -> sum(m.readIops(), m.writeIops()), Unit.PLAIN),
    UPTIME("uptime", "UPTIME", HostMetrics::uptimeSeconds, Unit.SECONDS);

    public enum Unit { PERCENT, PLAIN, BYTES_PER_SECOND, SECONDS }

    private final String key;
    private final String header;
    private final Function<HostMetrics, Double> value;
    private final Unit unit;

    MetricColumn(String key, String header, Function<HostMetrics, Double> value, Unit unit) {
        this.key = key;
        this.header = header;
        this.value = value;
        this.unit = unit;
    }

    public String key() {
        return key;
    }

    public String header() {
        return header;
    }

    public Unit unit() {
        return unit;
    }

    /** The host's value, or null when unknown (or the host is down). */
    public Double of(HostMetrics m) {
        return m.ok() ? value.apply(m) : null;
    }

    /** By key, case-insensitive, or null. */
    public static MetricColumn byKey(String key) {
        for (MetricColumn c : values()) {
            if (c.key.equalsIgnoreCase(key.trim())) {
                return c;
            }
        }
        return null;
    }

    public static String keys() {
        return Arrays.stream(values()).map(MetricColumn::key).collect(Collectors.joining(", "));
    }

    private static Double sum(Double a, Double b) {
        return a == null || b == null ? null : a + b;
    }

    /** Text for a table cell: 12.5, 3.4 MiB, 2d03h; "-" when unknown. */
    public String format(Double v) {
        if (v == null) {
            return "-";
        }
        return switch (unit) {
            case PERCENT -> String.format(Locale.ROOT, "%.1f", v);
            case PLAIN -> v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
            case BYTES_PER_SECOND -> bytes(v);
            case SECONDS -> uptime(v);
        };
    }

    static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (b >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.1f %s", b, units[i]);
    }

    static String uptime(double seconds) {
        long s = (long) seconds;
        long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
        return d > 0 ? String.format(Locale.ROOT, "%dd%02dh", d, h) : String.format(Locale.ROOT, "%dh%02dm", h, m);
    }
}
