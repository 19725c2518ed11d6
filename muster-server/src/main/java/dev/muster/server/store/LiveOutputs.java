package dev.muster.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Output of running runs as it comes, shared through the store so that every server of it can
 * stream a run whichever server executes it. Rows are numbered per run by the one server
 * executing it, in the order it wrote them, so a reader's cursor (the last number it saw) never
 * skips a row committed later with a smaller number. The writer keeps each host's newest output
 * only: it deletes older rows and leaves a {@link #CUT} row for that host (the newest one only),
 * which a reader whose cursor is below it hears as "earlier output was cut".
 */
public final class LiveOutputs {
    /**
     * The stream of a row that says earlier output of its host was dropped; its text is the number
     * of the newest row dropped (a reader that had it missed nothing), or empty when text was
     * dropped before it was ever written.
     */
    public static final String CUT = "cut";

    /** One row: its number in the run, the host, "stdout", "stderr" or {@link #CUT}, and the text. */
    public record Row(long seq, String host, String stream, String text) {
    }

    private final Jdbc jdbc;

    LiveOutputs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In one transaction: adds {@code rows}, then for each host in {@code cuts} drops its rows
     * numbered up to the given one and its older cut rows, and adds {@code cutRows} (one per such host).
     */
    public void append(String runId, List<Row> rows, Map<String, Long> cuts, List<Row> cutRows) {
        if (rows.isEmpty() && cuts.isEmpty()) {
            return;
        }
        jdbc.inTransaction("write live output of run " + runId, c -> {
            for (Map.Entry<String, Long> cut : cuts.entrySet()) {
                Jdbc.update(c, "DELETE FROM run_live_output WHERE run_id = ? AND host = ? AND (seq <= ? OR stream = ?)",
                        runId, cut.getKey(), cut.getValue(), CUT);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_live_output (run_id, seq, host, stream, "
                    + "chunk) VALUES (?, ?, ?, ?, ?)")) {
                for (Row r : concat(rows, cutRows)) {
                    ps.setString(1, runId);
                    ps.setLong(2, r.seq());
                    ps.setString(3, r.host());
                    ps.setString(4, r.stream());
                    ps.setString(5, r.text().replace('\0', '\uFFFD'));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static List<Row> concat(List<Row> a, List<Row> b) {
        List<Row> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        out.sort(java.util.Comparator.comparingLong(Row::seq));
        return out;
    }

    /** The run's rows numbered above {@code after}, oldest first, at most {@code limit}. */
    public List<Row> after(String runId, long after, int limit) {
        return jdbc.read("read live output of run " + runId, c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT seq, host, stream, chunk FROM run_live_output "
                    + "WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?", runId, after, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    /** The highest number written for the run (0 when none): where a writer taking over goes on from. */
    public long last(String runId) {
        return jdbc.read("read live output of run " + runId, c -> Jdbc.queryLong(c, 0,
                "SELECT MAX(seq) FROM run_live_output WHERE run_id = ?", runId));
    }

    /** Forgets the live output of runs that ended before {@code before}; returns how many rows went. */
    public int deleteEndedBefore(Instant before) {
        return jdbc.inTransaction("delete live output of ended runs", c -> Jdbc.update(c,
                "DELETE FROM run_live_output WHERE run_id IN (SELECT r.id FROM runs r WHERE r.id IN "
                        + "(SELECT DISTINCT run_id FROM run_live_output) AND r.status NOT IN ('queued', 'running') "
                        + "AND (r.finished_at IS NULL OR r.finished_at < ?))", before));
    }

    /** Forgets the run's live output. */
    public void delete(String runId) {
        jdbc.inTransaction("delete live output of run " + runId, c -> Jdbc.update(c,
                "DELETE FROM run_live_output WHERE run_id = ?", runId));
    }
}
