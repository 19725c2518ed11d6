package dev.muster.server.http;

import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each host's latest metric sample and last inspection, for {@code GET /api/v1/hosts}. A sample
 * older than {@code stale} makes the host "stale" (sampling stopped reaching it, or stopped);
 * a host that could not be reached is "down", one reached whose probe failed is "probe-failed"; a host
 * never sampled has no state.
 */
record FleetStatus(MetricStore samples, ReportStore reports, Clock clock, Duration stale) implements HostStatusSource {
    @Override
    public Map<String, Object> latest(String host) {
        return snapshot().apply(host);
    }

    /** Two queries for the whole fleet, however many hosts are then looked up. */
    @Override
    public Function<String, Map<String, Object>> snapshot() {
        Map<String, MetricSample> latest = new HashMap<>();
        samples.latest().forEach(s -> latest.put(s.host(), s));
        Map<String, ReportStore.HostInspection> inspected = reports.latestByHost();
        return host -> status(latest.get(host), inspected.get(host));
    }

    private Map<String, Object> status(MetricSample s, ReportStore.HostInspection i) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s != null) {
            boolean old = s.at().isBefore(clock.instant().minus(stale));
            m.put("state", !s.up() ? s.state() : old ? "stale" : "up");
            m.put("sampledAt", s.at().toString());
            putIfSet(m, "cpuPercent", s.cpuPercent());
            putIfSet(m, "memPercent", s.memPercent());
            putIfSet(m, "diskPercent", s.diskPercent());
            putIfSet(m, "load1", s.load1());
            putIfSet(m, "error", s.error());
        }
        if (i != null) {
            m.put("inspection", Map.of("name", i.inspection(), "report", i.reportId(), "status", i.status().key(),
                    "at", String.valueOf(i.at())));
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
