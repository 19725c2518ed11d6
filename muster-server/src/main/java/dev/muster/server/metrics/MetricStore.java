package dev.muster.server.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.server.store.Jdbc;
import dev.muster.server.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric samples in the server's store (schema V3): every round in {@code metric_samples} (keyed
 * by host and time, so a host's series is one index range), and which round is each host's newest
 * in {@code metric_latest}, kept on write, so the fleet overview reads one row per host, each
 * found by primary key, whatever the history holds.
 */
public final class MetricStore {
    private static final String COLUMNS = "host, at, up, cpu_percent, mem_percent, load1, cpus, disk_percent, disks, "
            + "net_rx_bps, net_tx_bps, error";
    /** Each host's newest sample, found by the samples' primary key. */
    static final String LATEST = "SELECT " + COLUMNS.replaceAll("(\\w+)", "s.$1") + " FROM metric_latest l "
            + "JOIN metric_samples s ON s.host = l.host AND s.at = l.at ORDER BY l.host";
    /** One host's samples between two times: one range of the primary key. */
    static final String SERIES = "SELECT " + COLUMNS + " FROM metric_samples WHERE host = ? AND at >= ? AND at <= ? "
            + "ORDER BY at";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> DISKS = new TypeReference<>() { };

    private final Jdbc jdbc;
    private final Clock clock;

    public MetricStore(Store store, Clock clock) {
        this.jdbc = new Jdbc(store.database());
        this.clock = clock;
    }

    /** Stores one round; a host's latest row moves only forward in time. */
    public void save(List<MetricSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        jdbc.inTransaction("store metric samples", c -> {
            insert(c, "INSERT INTO metric_samples (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (host, at) DO NOTHING", samples);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metric_latest (host, at) VALUES (?, ?) "
                    + "ON CONFLICT (host) DO UPDATE SET at = excluded.at WHERE excluded.at > metric_latest.at")) {
                for (MetricSample s : samples) {
                    ps.setString(1, s.host());
                    ps.setLong(2, s.at().toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void insert(Connection c, String sql, List<MetricSample> samples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (MetricSample s : samples) {
                ps.setString(1, s.host());
                ps.setLong(2, s.at().toEpochMilli());
                ps.setInt(3, s.up() ? 1 : s.reached() ? MetricSample.PROBE_FAILED : 0);
                setDouble(ps, 4, s.cpuPercent());
                setDouble(ps, 5, s.memPercent());
                setDouble(ps, 6, s.load1());
                if (s.cpus() == null) {
                    ps.setNull(7, Types.INTEGER);
                } else {
                    ps.setInt(7, s.cpus());
                }
                setDouble(ps, 8, s.diskPercent());
                ps.setString(9, s.disks().isEmpty() ? null : json(s.disks()));
                setDouble(ps, 10, s.netRxBps());
                setDouble(ps, 11, s.netTxBps());
                ps.setString(12, s.error());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Each host's newest sample, by host name. */
    public List<MetricSample> latest() {
        return query(LATEST);
    }

    /** One host's samples with {@code from <= at <= to}, oldest first. */
    public List<MetricSample> series(String host, Instant from, Instant to) {
        return query(SERIES, host, from, to);
    }

    /** Deletes samples older than {@code maxAge}, and latest rows of hosts not sampled since; returns how many samples. */
    public int deleteOlderThan(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        return jdbc.inTransaction("delete old metric samples", c -> {
            Jdbc.update(c, "DELETE FROM metric_latest WHERE at < ?", cutoff);
            return Jdbc.update(c, "DELETE FROM metric_samples WHERE at < ?", cutoff);
        });
    }

    private List<MetricSample> query(String sql, Object... params) {
        return jdbc.read("read metric samples", c -> {
            List<MetricSample> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricSample(rs.getString("host"), Jdbc.instant(rs, "at"), rs.getInt("up") == 1,
                            dbl(rs, "cpu_percent"), dbl(rs, "mem_percent"), dbl(rs, "load1"), Jdbc.integer(rs, "cpus"),
                            dbl(rs, "disk_percent"), disks(rs.getString("disks")), dbl(rs, "net_rx_bps"),
                            dbl(rs, "net_tx_bps"), rs.getString("error"), rs.getInt("up") != 0));
                }
            }
            return out;
        });
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static String json(Map<String, Double> disks) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(disks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> disks(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, DISKS);
        } catch (JsonProcessingException e) {
            return Map.of(); // a damaged chart cell is no reason to fail the whole page
        }
    }
}
