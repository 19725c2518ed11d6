package dev.muster.server.store;

import dev.muster.core.RunException;
import dev.muster.core.exec.Outcome;
import dev.muster.core.store.RunRecord;
import dev.muster.core.store.RunStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs in the database: what the engine records through {@link RunStore}, plus the server's
 * queue (enqueue, claim). Output is stored in chunks by {@link RunOutput}; {@link #load} reads
 * it whole, so for a big output read {@link RunOutput#reader} instead.
 *
 * <p>Outcomes and output are stored exactly as handed over: callers redact secrets first
 * (the engine's {@link dev.muster.core.store.RecordedRuns} does).
 */
public final class JdbcRunStore implements RunStore {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);
    private static final String COLUMNS = "id, kind, selector, command, hosts, spec, environment, requested_by, "
            + "schedule_name, retry_of, status, exit_code, counts, created_at, started_at, finished_at, claimed_by";

    private final Jdbc jdbc;
    private final Clock clock;
    private final StoreJson json;
    private final RunOutput output;
    private final RunOutcomes outcomes;
    private final RunJournal journal;

    JdbcRunStore(Jdbc jdbc, Clock clock, StoreJson json, RunOutput output) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.output = output;
        this.outcomes = new RunOutcomes(json, output);
        this.journal = new RunJournal(jdbc, clock);
    }

    /** A new, time-sortable run id, e.g. 20261127-190512.274-3fa2c1. */
    public String newId() {
        return ID_TIME.format(clock.instant()) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    }

    /** Where outputs are written and streamed from. */
    public RunOutput output() {
        return output;
    }

    @Override
    public void begin(RunRecord run) {
        // A queued run (from the API or a schedule) keeps its kind and request; the engine's
        // record fills in what it resolved.
        jdbc.inTransaction("begin run " + run.id(), c -> Jdbc.update(c,
                "INSERT INTO runs (id, kind, selector, command, hosts, spec, retry_of, status, created_at, started_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?) ON CONFLICT (id) DO UPDATE SET "
                        + "selector = COALESCE(excluded.selector, runs.selector), "
                        + "command = COALESCE(excluded.command, runs.command), hosts = excluded.hosts, "
                        + "spec = COALESCE(excluded.spec, runs.spec), retry_of = excluded.retry_of, "
                        + "status = 'running', started_at = excluded.started_at",
                run.id(), run.kind(), run.selector(), run.command(), run.hosts(),
                run.spec().isEmpty() ? null : json.write(run.spec()), run.retryOf(), clock.instant(),
                run.startedAt() == null ? clock.instant() : run.startedAt()));
    }

    /**
     * Records one host's outcome, replacing an earlier one for the same host. Its stdout/stderr
     * replace output streamed earlier for that host only when they are not empty.
     */
    @Override
    public void outcome(String runId, Outcome outcome) {
        jdbc.inTransaction("record " + outcome.host() + " in run " + runId, c -> {
            outcomes.save(c, runId, outcome);
            return null;
        });
    }

    /**
     * Ends a run as finished (or cancelled, exit 130). A run that already ended meanwhile (reaped
     * as interrupted after its server lost its lease, or cancelled) keeps how it ended.
     */
    @Override
    public void finish(String runId, int exitCode, Map<String, Integer> counts) {
        RunStatus status = exitCode == RunStatus.CANCELLED_EXIT ? RunStatus.CANCELLED : RunStatus.FINISHED;
        int n = jdbc.inTransaction("finish run " + runId, c -> Jdbc.update(c,
                "UPDATE runs SET status = ?, exit_code = ?, counts = ?, finished_at = ?, lease_expires_at = NULL "
                        + "WHERE id = ? AND status IN ('queued', 'running')",
                status.key(), exitCode, json.write(counts), clock.instant(), runId));
        if (n == 0 && get(runId).isEmpty()) {
            throw new RunException("cannot finish run " + runId + ": it is not in the store " + jdbc.database());
        }
    }

    /**
     * Marks that {@code host} started in run {@code runId}; its outcome clears the mark. A reaper
     * reports the hosts still marked as interrupted in flight.
     */
    public void hostStarted(String runId, String host) {
        jdbc.inTransaction("mark " + host + " in flight in run " + runId, c -> Jdbc.update(c,
                "INSERT INTO run_inflight (run_id, host, started_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (run_id, host) DO NOTHING", runId, host, clock.instant()));
    }

    /** Saves an outcome inside a caller's transaction (the queue's reaper). */
    void saveOutcome(Connection c, String runId, Outcome outcome) throws SQLException {
        outcomes.save(c, runId, outcome);
    }

    @Override
    public void mark(String runId, dev.muster.core.store.StepMark mark) {
        journal.mark(runId, mark);
    }

    @Override
    public List<dev.muster.core.store.StepMark> marks(String runId) {
        return journal.marks(runId);
    }

    /** Makes a finished run running again (a resumed plan run); its outcomes and journal stay. */
    @Override
    public void reopen(String runId) {
        int n = jdbc.inTransaction("reopen run " + runId, c -> Jdbc.update(c,
                "UPDATE runs SET status = 'running', exit_code = NULL, finished_at = NULL WHERE id = ?", runId));
        if (n == 0) {
            throw new RunException("cannot reopen run " + runId + ": it is not in the store " + jdbc.database());
        }
    }

    @Override
    public void requestApproval(String runId, String key, String message) {
        journal.requestApproval(runId, key, message);
    }

    @Override
    public Optional<Approval> pendingApproval(String runId) {
        return journal.pendingApproval(runId);
    }

    @Override
    public boolean approve(String runId, String who) {
        return journal.approve(runId, who);
    }

    @Override
    public boolean approved(String runId, String key) {
        return journal.approved(runId, key);
    }

    @Override
    public String state(String key) {
        return journal.state(key);
    }

    @Override
    public void state(String key, String value) {
        journal.state(key, value);
    }

    /** The run with every outcome, output read whole: fine for a page, not for 50 MB. */
    @Override
    public Optional<RunRecord> load(String runId) {
        return jdbc.read("load run " + runId, c -> {
            Optional<StoredRun> run = one(c, runId);
            if (run.isEmpty()) {
                return Optional.<RunRecord>empty();
            }
            List<Outcome> list = outcomes.load(c, runId, true);
            RunRecord r = run.get().record();
            return Optional.of(new RunRecord(r.id(), r.kind(), r.selector(), r.command(), r.hosts(), r.startedAt(),
                    r.finishedAt(), r.exitCode(), list, r.retryOf(), r.spec(), r.counts()));
        });
    }

    @Override
    public List<RunRecord> recent(int limit) {
        return list(limit).stream().map(StoredRun::record).toList();
    }

    /** The most recent runs first, with queue facts, without outcomes. */
    public List<StoredRun> list(int limit) {
        return jdbc.read("list runs", c -> select(c,
                "SELECT " + COLUMNS + " FROM runs ORDER BY created_at DESC, id DESC LIMIT ?", limit));
    }

    /** The runs created before run {@code beforeId} (most recent first): the page after it. */
    public List<StoredRun> listBefore(String beforeId, int limit) {
        return jdbc.read("list runs", c -> select(c, "SELECT " + COLUMNS + " FROM runs r WHERE "
                + "(created_at, id) < (SELECT created_at, id FROM runs WHERE id = ?) "
                + "ORDER BY created_at DESC, id DESC LIMIT ?", beforeId, limit));
    }

    /**
     * One page of the runs {@code filter} lets through, newest first: those created before run
     * {@code before}, or (with {@code after}) the {@code limit} created just after run {@code after}.
     */
    public List<StoredRun> search(RunFilter filter, String before, String after, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String cursor = "";
        if (before != null) {
            cursor = " AND (created_at, id) < (SELECT created_at, id FROM runs WHERE id = ?)";
            params.add(before);
        } else if (after != null) {
            cursor = " AND (created_at, id) > (SELECT created_at, id FROM runs WHERE id = ?)";
            params.add(after);
        }
        params.add(limit);
        String order = after != null && before == null ? "ASC" : "DESC";
        String sql = "SELECT " + COLUMNS + " FROM runs WHERE " + where + cursor + " ORDER BY created_at " + order
                + ", id " + order + " LIMIT ?";
        List<StoredRun> page = jdbc.read("list runs", c -> select(c, sql, params.toArray()));
        if (order.equals("ASC")) {
            page = new ArrayList<>(page);
            java.util.Collections.reverse(page);
        }
        return page;
    }

    /** The hosts the run has started and not yet finished, by name. */
    public List<String> inFlight(String runId) {
        return jdbc.read("read hosts in flight of run " + runId, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT host FROM run_inflight WHERE run_id = ? ORDER BY host",
                    runId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    public Optional<StoredRun> get(String runId) {
        return jdbc.read("read run " + runId, c -> one(c, runId));
    }

    /** Each host's outcome without its output (stdout and stderr empty): read those with {@link #output()}. */
    public List<Outcome> outcomes(String runId) {
        return jdbc.read("read outcomes of run " + runId, c -> outcomes.load(c, runId, false));
    }

    /**
     * Sets {@code key} of the run's stored spec (a grouped plan's group states as they change, window
     * overrides), in one transaction so concurrent details of one run do not lose each other.
     */
    @Override
    public void detail(String runId, String key, Object value) {
        jdbc.inTransaction("record " + key + " of run " + runId, c -> {
            String old = null;
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT spec FROM runs WHERE id = ?", runId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                old = rs.getString(1);
            }
            Map<String, Object> spec = new java.util.LinkedHashMap<>(old == null ? Map.of() : json.read(old, StoreJson.MAP));
            spec.put(key, value);
            return Jdbc.update(c, "UPDATE runs SET spec = ? WHERE id = ?", json.write(spec), runId);
        });
    }

    /**
     * Rewrites every stored run's spec and command with {@code spec} and {@code command} (sealing
     * what an older muster stored raw); returns how many runs changed.
     */
    public int rewriteStored(java.util.function.UnaryOperator<Map<String, Object>> spec,
                             java.util.function.UnaryOperator<String> command) {
        return jdbc.inTransaction("seal stored runs", c -> {
            Map<String, Object[]> changed = new java.util.LinkedHashMap<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT id, spec, command FROM runs");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String oldSpec = rs.getString(2);
                    String oldCommand = rs.getString(3);
                    String newSpec = oldSpec == null ? null : json.write(spec.apply(json.read(oldSpec, StoreJson.MAP)));
                    String newCommand = command.apply(oldCommand);
                    if (!java.util.Objects.equals(oldCommand, newCommand)
                            || (oldSpec != null && !json.read(oldSpec, StoreJson.MAP).equals(json.read(newSpec, StoreJson.MAP)))) {
                        changed.put(rs.getString(1), new Object[] {newSpec, newCommand});
                    }
                }
            }
            for (Map.Entry<String, Object[]> e : changed.entrySet()) {
                Jdbc.update(c, "UPDATE runs SET spec = ?, command = ? WHERE id = ?", e.getValue()[0], e.getValue()[1],
                        e.getKey());
            }
            return changed.size();
        });
    }

    /** Queues a run for a server to claim; returns its id. */
    public String enqueue(RunRequest request) {
        String id = newId();
        jdbc.inTransaction("queue a run", c -> {
            insertQueued(c, id, request);
            return null;
        });
        return id;
    }

    void insertQueued(Connection c, String id, RunRequest r) throws SQLException {
        Jdbc.update(c, "INSERT INTO runs (id, kind, selector, command, spec, environment, requested_by, "
                        + "schedule_name, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
                id, r.kind(), r.selector(), r.command(), json.write(r.spec()), r.environment(), r.requestedBy(),
                r.schedule(), clock.instant());
    }

    Optional<StoredRun> one(Connection c, String runId) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM runs WHERE id = ?", runId).stream().findFirst();
    }

    List<StoredRun> select(Connection c, String sql, Object... params) throws SQLException {
        List<StoredRun> out = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private StoredRun row(ResultSet rs) throws SQLException {
        String spec = rs.getString("spec");
        String counts = rs.getString("counts");
        RunRecord record = new RunRecord(rs.getString("id"), rs.getString("kind"), rs.getString("selector"),
                rs.getString("command"), rs.getString("hosts"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "finished_at"), Jdbc.integer(rs, "exit_code"), List.of(), rs.getString("retry_of"),
                spec == null ? Map.of() : json.read(spec, StoreJson.MAP),
                counts == null ? Map.of() : json.read(counts, StoreJson.COUNTS));
        return new StoredRun(record, RunStatus.fromKey(rs.getString("status")), rs.getString("environment"),
                rs.getString("requested_by"), rs.getString("schedule_name"), rs.getString("claimed_by"),
                Jdbc.instant(rs, "created_at"));
    }
}
