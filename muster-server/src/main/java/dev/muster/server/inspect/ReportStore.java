package dev.muster.server.inspect;

import dev.muster.server.store.Jdbc;
import dev.muster.server.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports, their per-host-and-check rows and the log cursors, in the server's store (schema V3).
 * A report and the cursors its log scans moved are saved in one transaction, so a failed save
 * leaves the next inspection counting from the same place. Safe to share between threads.
 */
public final class ReportStore {
    /** A host's worst status in the latest report of one inspection. */
    public record HostInspection(String host, String inspection, String reportId, CheckStatus status,
                                 java.time.Instant at) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    /** @param store opened (so migrated) */
    public ReportStore(Store store, Clock clock) {
        this.jdbc = new Jdbc(store.database());
        this.clock = clock;
    }

    /** Saves the report, its rows, and the new cursors of {@code cursors} (by host, then path). */
    public void save(Report r, Map<String, Map<String, LogCursor>> cursors) {
        jdbc.inTransaction("save report " + r.id(), c -> {
            Summary s = r.summary();
            Jdbc.update(c, "INSERT INTO reports (id, inspection, started_at, finished_at, hosts, passed, warned, "
                            + "failed, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.inspection(), r.startedAt(),
                    r.finishedAt(), s.hosts(), s.passed(), s.warned(), s.failed(), ReportJson.write(r, false));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_rows (report_id, host, check_name, "
                    + "status, value, message) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (HostResult h : r.hosts()) {
                    for (CheckResult row : h.checks()) {
                        ps.setString(1, r.id());
                        ps.setString(2, h.host());
                        ps.setString(3, row.check());
                        ps.setString(4, row.status().key());
                        ps.setString(5, row.value());
                        ps.setString(6, row.message());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            saveCursors(c, r.inspection(), cursors);
            return null;
        });
    }

    private void saveCursors(Connection c, String inspection, Map<String, Map<String, LogCursor>> cursors)
            throws SQLException {
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_cursors (inspection, host, path, inode, "
                + "byte_offset, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (inspection, host, path) DO UPDATE "
                + "SET inode = excluded.inode, byte_offset = excluded.byte_offset, updated_at = excluded.updated_at")) {
            for (var host : cursors.entrySet()) {
                for (LogCursor cur : host.getValue().values()) {
                    ps.setString(1, inspection);
                    ps.setString(2, host.getKey());
                    ps.setString(3, cur.path());
                    ps.setString(4, cur.inode());
                    ps.setLong(5, cur.offset());
                    ps.setLong(6, now);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Log cursors of an inspection, by host, then path. */
    public Map<String, Map<String, LogCursor>> cursors(String inspection) {
        return jdbc.inTransaction("read log cursors", c -> {
            Map<String, Map<String, LogCursor>> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT host, path, inode, byte_offset FROM log_cursors "
                    + "WHERE inspection = ?", inspection); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), new LogCursor(rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    public Optional<Report> get(String id) {
        return jdbc.read("read report " + id, c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT body FROM reports WHERE id = ?", id);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ReportJson.read(rs.getString(1))) : Optional.empty();
            }
        });
    }

    /** The newest report of an inspection. */
    public Optional<Report> latest(String inspection) {
        return latestId(inspection).flatMap(this::get);
    }

    public Optional<String> latestId(String inspection) {
        return jdbc.read("find the latest report", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id FROM reports WHERE inspection = ? "
                    + "ORDER BY started_at DESC, id DESC LIMIT 1", inspection); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /** A report's statuses by host, then check: what changes since it are computed from. */
    public Map<String, Map<String, CheckStatus>> rows(String reportId) {
        return jdbc.read("read report rows", c -> {
            Map<String, Map<String, CheckStatus>> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT host, check_name, status FROM report_rows "
                    + "WHERE report_id = ?", reportId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), CheckStatus.of(rs.getString(3)));
                }
            }
            return out;
        });
    }

    /** The hosts each of these reports covers, by report id (one query for a page of reports). */
    public Map<String, java.util.Set<String>> hostsOf(java.util.Collection<String> reportIds) {
        if (reportIds.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(reportIds.size(), "?"));
        return jdbc.read("read report hosts", c -> {
            Map<String, java.util.Set<String>> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT DISTINCT report_id, host FROM report_rows "
                    + "WHERE report_id IN (" + marks + ")", reportIds.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    /** Newest first; {@code inspection} null for every inspection. */
    public List<ReportEntry> list(String inspection, int limit, int offset) {
        String where = inspection == null ? "" : "WHERE inspection = ? ";
        Object[] params = inspection == null ? new Object[] {limit, offset} : new Object[] {inspection, limit, offset};
        return jdbc.read("list reports", c -> {
            List<ReportEntry> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, inspection, started_at, finished_at, hosts, passed, "
                    + "warned, failed FROM reports " + where + "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                    params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReportEntry(rs.getString(1), rs.getString(2), Jdbc.instant(rs, "started_at"),
                            Jdbc.instant(rs, "finished_at"), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)));
                }
            }
            return out;
        });
    }

    /**
     * Each host's worst status over the latest report of every inspection that covered it: what
     * the hosts API shows as a host's last inspection.
     */
    public Map<String, HostInspection> latestByHost() {
        return jdbc.read("read hosts' latest inspections", c -> {
            Map<String, HostInspection> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.inspection, r.finished_at, rr.host, "
                    + "rr.status FROM reports r JOIN report_rows rr ON rr.report_id = r.id WHERE r.id IN (SELECT "
                    + "(SELECT r2.id FROM reports r2 WHERE r2.inspection = r1.inspection ORDER BY r2.started_at DESC, "
                    + "r2.id DESC LIMIT 1) FROM reports r1 GROUP BY r1.inspection)"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    HostInspection h = new HostInspection(rs.getString(4), rs.getString(2), rs.getString(1),
                            CheckStatus.of(rs.getString(5)), Jdbc.instant(rs, "finished_at"));
                    out.merge(h.host(), h, (a, b) -> b.status().compareTo(a.status()) > 0 ? b : a);
                }
            }
            return out;
        });
    }

    /**
     * Deletes reports that finished more than {@code maxAge} ago, keeping the newest of each
     * inspection (the next report compares with it); returns how many.
     */
    public int deleteOlderThan(Duration maxAge) {
        return jdbc.inTransaction("delete old reports", c -> Jdbc.update(c, "DELETE FROM reports WHERE finished_at < ? "
                + "AND id NOT IN (SELECT (SELECT r2.id FROM reports r2 WHERE r2.inspection = r.inspection "
                + "ORDER BY r2.started_at DESC, r2.id DESC LIMIT 1) FROM reports r GROUP BY r.inspection)",
                clock.instant().minus(maxAge)));
    }
}
