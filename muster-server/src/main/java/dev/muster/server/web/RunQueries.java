package dev.muster.server.web;

import dev.muster.server.store.Jdbc;
import dev.muster.server.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few reads the pages need beyond the store's API, each one bounded query: the head of every
 * host's output in a run, a host's recent runs, the approvals runs wait for.
 */
final class RunQueries {
    /** The first characters of one host's outputs, and whether there is more. */
    record Head(String stdout, String stderr, boolean truncated) {
    }

    record HostRun(String runId, String status, Instant startedAt) {
    }

    record Waiting(String runId, String key, String message, Instant since) {
    }

    /** A host's newest outcome: its run, the run's environments (as queued; blank when unknown), status, start. */
    record LastRun(String runId, String environment, String status, Instant startedAt) {
    }

    static final String HEADS = "SELECT o.host, o.stream, SUBSTR(o.chunk, 1, ?) AS head, "
            + "CASE WHEN LENGTH(o.chunk) > ? OR EXISTS (SELECT 1 FROM run_output m WHERE m.run_id = o.run_id "
            + "AND m.host = o.host AND m.stream = o.stream AND m.seq = 1) THEN 1 ELSE 0 END AS more "
            + "FROM run_output o WHERE o.run_id = ? AND o.seq = 0";
    /** Only the newest runs are looked at: each is one primary-key probe of run_hosts. */
    static final String HOST_RUNS = "SELECT h.run_id, h.status, h.started_at FROM "
            + "(SELECT id, created_at FROM runs ORDER BY created_at DESC, id DESC LIMIT ?) r "
            + "JOIN run_hosts h ON h.run_id = r.id AND h.host = ? ORDER BY r.created_at DESC, r.id DESC";
    static final String WAITING = "SELECT a.run_id, a.approval_key, a.message, a.requested_at FROM run_approvals a "
            + "JOIN runs r ON r.id = a.run_id WHERE a.approved_at IS NULL AND r.status IN ('queued', 'running') "
            + "ORDER BY a.requested_at DESC LIMIT ?";

    /**
     * The newest runs only, each probed by primary key for the page's hosts (at most
     * {@link FleetPage#PAGE}): bounded however many runs and hosts the store holds.
     */
    static final String LAST_RUNS = "SELECT h.host, h.run_id, r.environment, h.status, h.started_at FROM "
            + "(SELECT id, created_at, environment FROM runs ORDER BY created_at DESC, id DESC LIMIT ?) r "
            + "JOIN run_hosts h ON h.run_id = r.id AND h.host IN (%s) ORDER BY r.created_at DESC, r.id DESC";

    private final Jdbc jdbc;

    RunQueries(Store store) {
        this.jdbc = new Jdbc(store.database());
    }

    /** Each host's stdout and stderr cut at {@code chars}, by host, from one query. */
    Map<String, Head> heads(String runId, int chars) {
        return jdbc.inTransaction("read output of run " + runId, c -> {
            Map<String, Head> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, HEADS, chars, chars, runId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean stdout = "stdout".equals(rs.getString(2));
                    String text = rs.getString(3);
                    boolean more = rs.getInt(4) == 1;
                    out.merge(rs.getString(1), stdout ? new Head(text, "", more) : new Head("", text, more),
                            (a, b) -> new Head(a.stdout() + b.stdout(), a.stderr() + b.stderr(),
                                    a.truncated() || b.truncated()));
                }
            }
            return out;
        });
    }

    /** The host's outcomes among the newest {@code scan} runs, newest first. */
    List<HostRun> hostRuns(String host, int scan) {
        return jdbc.inTransaction("read runs of " + host, c -> {
            List<HostRun> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, HOST_RUNS, scan, host); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HostRun(rs.getString(1), rs.getString(2), Jdbc.instant(rs, "started_at")));
                }
            }
            return out;
        });
    }

    /** Approvals that active runs wait for, newest first. */
    List<Waiting> waiting(int limit) {
        return jdbc.read("read pending approvals", c -> {
            List<Waiting> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, WAITING, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3),
                            Jdbc.instant(rs, "requested_at")));
                }
            }
            return out;
        });
    }

    /** Each of {@code hosts}' newest outcome among the newest {@code scan} runs (hosts without one are left out). */
    Map<String, LastRun> lastRuns(List<String> hosts, int scan) {
        if (hosts.isEmpty()) {
            return Map.of();
        }
        String sql = LAST_RUNS.formatted(String.join(", ", java.util.Collections.nCopies(hosts.size(), "?")));
        Object[] params = new Object[hosts.size() + 1];
        params[0] = scan;
        for (int i = 0; i < hosts.size(); i++) {
            params[i + 1] = hosts.get(i);
        }
        return jdbc.read("read the last runs of " + hosts.size() + " hosts", c -> {
            Map<String, LastRun> out = new HashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.putIfAbsent(rs.getString(1), new LastRun(rs.getString(2), rs.getString(3), rs.getString(4),
                            Jdbc.instant(rs, "started_at")));
                }
            }
            return out;
        });
    }
}
