package dev.muster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hands queued runs to servers, each run to exactly one. On PostgreSQL the candidate row is
 * locked with {@code FOR UPDATE SKIP LOCKED}, so servers claiming at once take different runs
 * without waiting for each other; SQLite has one writer at a time, and the conditional update
 * ({@code claimed_by IS NULL}) is the guard on both.
 *
 * <p>A claim is a lease: the server holds the run until {@code lease_expires_at} and renews it
 * while it executes ({@link #renew}). A run whose lease ran out (its server died, hung, or lost the
 * database) is reaped by any server ({@link #reapExpired}): it ends interrupted (or cancelled, when
 * a cancel was asked), its per-host outcomes kept and its hosts in flight recorded as
 * {@link FailureKind#INTERRUPTED}.
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

    /** How long a claim holds when nobody says otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /**
     * A run taken from a server that stopped executing it.
     *
     * @param id       the run
     * @param kind     its kind ("apply" for plans)
     * @param status   how it ended: interrupted, or cancelled when a cancel had been asked
     * @param server   the server that had claimed it
     * @param inFlight the hosts that were in flight, now recorded as interrupted
     */
    public record Reaped(String id, String kind, RunStatus status, String server, List<String> inFlight) {
    }

    private final Jdbc jdbc;
    private final JdbcRunStore runs;
    private final Clock clock;

    RunQueue(Jdbc jdbc, JdbcRunStore runs, Clock clock) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
    }

    /** Claims the oldest claimable run for {@code server} (now running) for the default lease. */
    public Optional<StoredRun> claimNext(String server) {
        return claimNext(server, DEFAULT_LEASE);
    }

    /** Claims the oldest claimable run for {@code server} (now running), or empty when none is. */
    public Optional<StoredRun> claimNext(String server, Duration lease) {
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
            return take(c, id, server, lease) ? runs.one(c, id) : Optional.<StoredRun>empty();
        });
    }

    /**
     * Claims one queued run for {@code server}, e.g. the run a schedule just dispatched; false when
     * it is not queued any more (another server took it, or it was cancelled).
     */
    public boolean claim(String runId, String server) {
        return jdbc.inTransaction("claim run " + runId, c -> take(c, runId, server, DEFAULT_LEASE));
    }

    /** Cancels a run that is still queued; false when it was already claimed or finished. */
    public boolean cancelQueued(String runId) {
        return jdbc.inTransaction("cancel run " + runId, c -> Jdbc.update(c,
                "UPDATE runs SET status = 'cancelled', exit_code = ?, finished_at = ? "
                        + "WHERE id = ? AND status = 'queued' AND claimed_by IS NULL",
                RunStatus.CANCELLED_EXIT, clock.instant(), runId) == 1);
    }

    /**
     * Reaps the runs {@code server} had claimed and not finished: called when a server starts,
     * since they died with its previous process, whatever their leases say.
     */
    public List<Reaped> abandonClaims(String server) {
        return reap("reap the claims of " + server, "claimed_by = ? AND status = 'running'", server);
    }

    /**
     * Reaps every running run whose lease has run out (its server stopped renewing it): called by
     * every server now and then, so a run of a server that never comes back ends too.
     */
    public List<Reaped> reapExpired() {
        return reap("reap expired leases", "status = 'running' AND claimed_by IS NOT NULL "
                + "AND COALESCE(lease_expires_at, 0) < ?", clock.instant());
    }

    /**
     * Renews the leases {@code server} holds on {@code runIds} until now + {@code lease}; returns
     * the runs it still holds (a run missing from the answer was reaped or cancelled meanwhile, so
     * the server must stop executing it).
     */
    public Set<String> renew(String server, Collection<String> runIds, Duration lease) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        return jdbc.inTransaction("renew leases of " + server, c -> {
            Set<String> held = new HashSet<>();
            for (String id : runIds) {
                if (Jdbc.update(c, "UPDATE runs SET lease_expires_at = ? WHERE id = ? AND claimed_by = ? "
                        + "AND status = 'running'", clock.instant().plus(lease), id, server) == 1) {
                    held.add(id);
                }
            }
            return held;
        });
    }

    /**
     * Queues an ended plan run again to continue where it stopped (its journal says what was done);
     * false when it is not an ended plan run.
     */
    public boolean requeue(String runId) {
        return jdbc.inTransaction("queue run " + runId + " again", c -> requeue(c, runId));
    }

    /**
     * Queues an ended plan run again and claims it for {@code server} in the same transaction, so
     * no running controller takes it in between ({@code muster apply --resume} continuing it in its
     * own process); false when it is not an ended plan run.
     */
    public boolean resumeFor(String runId, String server, Duration lease) {
        return jdbc.inTransaction("resume run " + runId + " for " + server,
                c -> requeue(c, runId) && take(c, runId, server, lease));
    }

    private static boolean requeue(Connection c, String runId) throws SQLException {
        return Jdbc.update(c,
                "UPDATE runs SET status = 'queued', claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL, "
                        + "exit_code = NULL, finished_at = NULL, cancel_requested_at = NULL WHERE id = ? "
                        + "AND kind = 'apply' AND status IN ('interrupted', 'cancelled', 'finished')", runId) == 1;
    }

    /** How often run {@code runId} was claimed (more than once only after a resume). */
    public int claims(String runId) {
        return jdbc.inTransaction("read claims of run " + runId, c -> (int) Jdbc.queryLong(c, 0,
                "SELECT claims FROM runs WHERE id = ?", runId));
    }

    private List<Reaped> reap(String what, String where, Object... params) {
        String lock = jdbc.database().dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return jdbc.inTransaction(what, c -> {
            List<Reaped> out = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, kind, claimed_by, cancel_requested_at FROM runs "
                    + "WHERE " + where + lock, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3),
                            Jdbc.instant(rs, "cancel_requested_at")});
                }
            }
            for (Object[] r : rows) {
                String id = (String) r[0];
                String server = (String) r[2];
                boolean cancel = r[3] != null;
                RunStatus status = cancel ? RunStatus.CANCELLED : RunStatus.INTERRUPTED;
                List<String> inFlight = interruptInFlight(c, id, server);
                int n = Jdbc.update(c, "UPDATE runs SET status = ?, exit_code = ?, finished_at = ?, "
                                + "lease_expires_at = NULL WHERE id = ? AND status = 'running'", status.key(),
                        cancel ? RunStatus.CANCELLED_EXIT : ABANDONED_EXIT, clock.instant(), id);
                if (n == 1) {
                    out.add(new Reaped(id, (String) r[1], status, server, inFlight));
                }
            }
            return out;
        });
    }

    /** Records each host still in flight as interrupted; returns their names. */
    private List<String> interruptInFlight(Connection c, String runId, String server) throws SQLException {
        List<String> hosts = new ArrayList<>();
        List<java.time.Instant> since = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT host, started_at FROM run_inflight WHERE run_id = ? "
                + "ORDER BY host", runId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hosts.add(rs.getString(1));
                since.add(Jdbc.instant(rs, "started_at"));
            }
        }
        java.time.Instant now = clock.instant();
        for (int i = 0; i < hosts.size(); i++) {
            long ms = Math.max(0, Duration.between(since.get(i), now).toMillis());
            runs.saveOutcome(c, runId, Outcome.builder(hosts.get(i), Status.FAILED)
                    .kind(FailureKind.INTERRUPTED).message("interrupted in flight: " + server + ", which was running "
                            + "it, stopped (it may or may not have finished this step here)")
                    .attempts(1).durationMs(ms).startedAt(since.get(i)).build());
        }
        return hosts;
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
        return jdbc.read("count runs", c -> {
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

    private boolean take(Connection c, String id, String server, Duration lease) throws SQLException {
        java.time.Instant now = clock.instant();
        return Jdbc.update(c, "UPDATE runs SET status = 'running', claimed_by = ?, claimed_at = ?, started_at = ?, "
                + "lease_expires_at = ?, claims = claims + 1 WHERE id = ? AND status = 'queued' AND claimed_by IS NULL",
                server, now, now, now.plus(lease), id) == 1;
    }
}
