package dev.muster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Hands queued runs to servers, each run to exactly one. On PostgreSQL the candidate row is
 * locked with {@code FOR UPDATE SKIP LOCKED}, so servers claiming at once take different runs
 * without waiting for each other; SQLite has one writer at a time, and the conditional update
 * ({@code claimed_by IS NULL}) is the guard on both.
 *
 * <p>A queued run of a schedule is not handed out while an earlier run of the same schedule is
 * still queued or running (the overlap policy "queue").
 */
public final class RunQueue {
    private static final String CLAIMABLE = "status = 'queued' AND claimed_by IS NULL AND NOT EXISTS ("
            + "SELECT 1 FROM runs earlier WHERE earlier.schedule_name = runs.schedule_name AND earlier.id <> runs.id "
            + "AND (earlier.status = 'running' OR (earlier.status = 'queued' AND (earlier.created_at < runs.created_at "
            + "OR (earlier.created_at = runs.created_at AND earlier.id < runs.id)))))";

    /** The CLI's exit code for "the run itself broke". */
    static final int ABANDONED_EXIT = 3;

    private final Jdbc jdbc;
    private final JdbcRunStore runs;
    private final Clock clock;

    RunQueue(Jdbc jdbc, JdbcRunStore runs, Clock clock) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
    }

    /** Claims the oldest claimable run for {@code server} (now running), or empty when none is. */
    public Optional<StoredRun> claimNext(String server) {
        String lock = jdbc.database().dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return jdbc.inTransaction("claim a queued run", c -> {
            String id;
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id FROM runs WHERE " + CLAIMABLE
                    + " ORDER BY created_at, id LIMIT 1" + lock); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<StoredRun>empty();
                }
                id = rs.getString(1);
            }
            return take(c, id, server) ? runs.one(c, id) : Optional.<StoredRun>empty();
        });
    }

    /**
     * Claims one queued run for {@code server}, e.g. the run a schedule just dispatched; false when
     * it is not queued any more (another server took it, or it was cancelled).
     */
    public boolean claim(String runId, String server) {
        return jdbc.inTransaction("claim run " + runId, c -> take(c, runId, server));
    }

    /** Cancels a run that is still queued; false when it was already claimed or finished. */
    public boolean cancelQueued(String runId) {
        return jdbc.inTransaction("cancel run " + runId, c -> Jdbc.update(c,
                "UPDATE runs SET status = 'cancelled', exit_code = ?, finished_at = ? "
                        + "WHERE id = ? AND status = 'queued' AND claimed_by IS NULL",
                RunStatus.CANCELLED_EXIT, clock.instant(), runId) == 1);
    }

    /**
     * Gives up the runs {@code server} had claimed and not finished: called when a server starts,
     * since they died with its previous process. They end as finished with exit code 3 (the run
     * itself broke), so a schedule with overlap "forbid" is not blocked by them forever.
     */
    public int abandonClaims(String server) {
        return jdbc.inTransaction("abandon the claims of " + server, c -> Jdbc.update(c,
                "UPDATE runs SET status = 'finished', exit_code = ?, finished_at = ? "
                        + "WHERE claimed_by = ? AND status = 'running'", ABANDONED_EXIT, clock.instant(), server));
    }

    /**
     * Asks whichever server is running {@code runId} to cancel it (it sees the request within a
     * poll); false when the run is not running.
     */
    public boolean requestCancel(String runId) {
        return jdbc.inTransaction("ask to cancel run " + runId, c -> Jdbc.update(c,
                "UPDATE runs SET cancel_requested_at = ? WHERE id = ? AND status = 'running'",
                clock.instant(), runId) == 1);
    }

    /** The runs {@code server} is running that were asked to be cancelled. */
    public java.util.List<String> cancelRequests(String server) {
        return jdbc.inTransaction("read cancel requests", c -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id FROM runs WHERE claimed_by = ? AND status = 'running' "
                    + "AND cancel_requested_at IS NOT NULL", server);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** How many runs are in each status now (statuses without runs are left out). */
    public java.util.Map<RunStatus, Long> countByStatus() {
        return jdbc.inTransaction("count runs", c -> {
            java.util.Map<RunStatus, Long> out = new java.util.EnumMap<>(RunStatus.class);
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT status, COUNT(*) FROM runs GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(RunStatus.fromKey(rs.getString(1)), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private boolean take(Connection c, String id, String server) throws SQLException {
        return Jdbc.update(c, "UPDATE runs SET status = 'running', claimed_by = ?, claimed_at = ?, started_at = ? "
                + "WHERE id = ? AND status = 'queued' AND claimed_by IS NULL", server, clock.instant(),
                clock.instant(), id) == 1;
    }
}
