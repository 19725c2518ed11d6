package dev.muster.probe.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fleet at a glance for one refresh: how many hosts answered, summed rates, and how usage
 * spreads across hosts (p50, p90, max). Hosts that did not answer count only in the tallies.
 *
 * @param cpus    CPUs of the hosts that answered and reported them, null when none did
 * @param spreads per column asked for; a column no host had a value for is absent
 */
public record FleetSummary(int hosts, int up, int unreachable, int failed, Integer cpus, Double netRxBps,
                           Double netTxBps, Double diskReadBps, Double diskWriteBps,
                           Map<MetricColumn, Spread> spreads) {

    /**
     * Nearest-rank percentiles over the hosts that had a value.
     *
     * @param maxHost the host with the highest value (the first by input order on a tie)
     */
    public record Spread(int hosts, double p50, double p90, double max, String maxHost) {
    }

    public FleetSummary {
        spreads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(spreads));
    }

    public static FleetSummary of(List<HostMetrics> all, List<MetricColumn> spreadOf) {
        int up = 0, unreachable = 0;
        for (HostMetrics m : all) {
            if (m.ok()) {
                up++;
            } else if (m.state() == HostMetrics.State.UNREACHABLE) {
                unreachable++;
            }
        }
        Map<MetricColumn, Spread> spreads = new LinkedHashMap<>();
        for (MetricColumn c : spreadOf) {
            Spread s = spread(all, c);
            if (s != null) {
                spreads.put(c, s);
            }
        }
        Double cpus = sum(all, m -> m.cpus() == null ? null : m.cpus().doubleValue());
        return new FleetSummary(all.size(), up, unreachable, all.size() - up - unreachable,
                cpus == null ? null : cpus.intValue(), sum(all, HostMetrics::netRxBps), sum(all, HostMetrics::netTxBps),
                sum(all, HostMetrics::diskReadBps), sum(all, HostMetrics::diskWriteBps), spreads);
    }

    private static Spread spread(List<HostMetrics> all, MetricColumn c) {
        record Value(String host, double v) {
        }
        List<Value> values = new ArrayList<>();
        for (HostMetrics m : all) {
            Double v = c.of(m);
            if (v != null && !v.isNaN()) {
                values.add(new Value(m.host(), v));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Value max = values.stream().max(Comparator.comparingDouble(Value::v)).orElseThrow();
        double[] sorted = values.stream().mapToDouble(Value::v).sorted().toArray();
        return new Spread(sorted.length, rank(sorted, 50), rank(sorted, 90), max.v(), max.host());
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static double rank(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static Double sum(List<HostMetrics> all, Function<HostMetrics, Double> value) {
        Double total = null;
        for (HostMetrics m : all) {
            Double v = m.ok() ? value.apply(m) : null;
            if (v != null) {
                total = total == null ? v : total + v;
            }
        }
        return total;
    }
}
