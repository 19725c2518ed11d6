package dev.muster.server.store;

import dev.muster.core.Keyed;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The dead-letter queue (schema V8, issue 18): host steps that failed for good, kept until someone
 * requeues or discards them. Callers hand in output already redacted; it is cut to
 * {@link #MAX_OUTPUT_CHARS} here. Settling is one-way and happens once: a letter already requeued
 * or discarded is not settled again.
 */
public final class DeadLetters {
    /** The tail of the output kept: what explains the failure is usually at the end. */
    public static final int MAX_OUTPUT_CHARS = 16 * 1024;

    /** Where a letter stands. */
    public enum State implements Keyed {
        OPEN, REQUEUED, DISCARDED;

        static State of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** One dead letter. {@code exitCode} is null when the command never ran (unreachable, auth...). */
    public record Letter(String id, String runId, String host, String environment, String step, String errorKind,
                         int attempts, Integer exitCode, String lastOutput, Instant createdAt, State state,
                         Instant settledAt, String settledBy, String requeueRun) {
    }

    /** What the engine knows when a host's step fails for good. */
    public record Failure(String runId, String host, String environment, String step, String errorKind, int attempts,
                          Integer exitCode, String redactedOutput) {
        public Failure {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(errorKind, "errorKind");
            redactedOutput = redactedOutput == null ? "" : redactedOutput;
        }
    }

    private static final String COLUMNS = "id, run_id, host, environment, step, error_kind, attempts, exit_code, "
            + "last_output, created_at, state, settled_at, settled_by, requeue_run";

    private final Jdbc jdbc;
    private final Clock clock;

    public DeadLetters(Database db, Clock clock) {
        this.jdbc = new Jdbc(db);
        this.clock = clock;
    }

    /** Stores a failure as an open letter and returns it. */
    public Letter add(Failure f) {
        String out = f.redactedOutput().length() <= MAX_OUTPUT_CHARS ? f.redactedOutput()
                : "[earlier output cut]\n" + f.redactedOutput().substring(f.redactedOutput().length() - MAX_OUTPUT_CHARS);
        Letter l = new Letter(UUID.randomUUID().toString(), f.runId(), f.host(), f.environment(), f.step(),
                f.errorKind(), f.attempts(), f.exitCode(), out, clock.instant(), State.OPEN, null, null, null);
        jdbc.inTransaction("store a dead letter for " + f.host(), c -> Jdbc.update(c, "INSERT INTO dead_letters ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", l.id(), l.runId(), l.host(),
                l.environment(), l.step(), l.errorKind(), l.attempts(), l.exitCode(), l.lastOutput(), l.createdAt(),
                l.state().key(), null, null, null));
        return l;
    }

    /**
     * Letters in {@code state} (null: any), newest first, at most {@code limit}; only those of the
     * given environments when {@code environments} is not null (a host without one counts as "").
     */
    public List<Letter> list(State state, Collection<String> environments, int limit) {
        return jdbc.inTransaction("list dead letters", c -> {
            List<Letter> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM dead_letters"
                    + (state == null ? "" : " WHERE state = ?") + " ORDER BY created_at DESC, id",
                    state == null ? new Object[0] : new Object[] {state.key()});
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    Letter l = letter(rs);
                    if (environments == null || environments.contains(l.environment() == null ? "" : l.environment())) {
                        out.add(l);
                    }
                }
            }
            return out;
        });
    }

    public Optional<Letter> find(String id) {
        return jdbc.inTransaction("read a dead letter", c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", id);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(letter(rs)) : Optional.<Letter>empty();
            }
        });
    }

    /** Marks an open letter requeued as run {@code runId}; false when it was not open. */
    public boolean requeued(String id, String runId, String by) {
        return settle(id, State.REQUEUED, runId, by);
    }

    /** Marks an open letter discarded; false when it was not open. */
    public boolean discard(String id, String by) {
        return settle(id, State.DISCARDED, null, by);
    }

    private boolean settle(String id, State to, String runId, String by) {
        return jdbc.inTransaction("settle dead letter " + id, c -> Jdbc.update(c, "UPDATE dead_letters SET state = ?, "
                + "settled_at = ?, settled_by = ?, requeue_run = ? WHERE id = ? AND state = ?", to.key(),
                clock.instant(), by, runId, id, State.OPEN.key()) == 1);
    }

    /** Retention: deletes letters created before {@code cutoff}, open or not; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return jdbc.inTransaction("delete old dead letters", c -> Jdbc.update(c,
                "DELETE FROM dead_letters WHERE created_at < ?", cutoff));
    }

    private static Letter letter(ResultSet rs) throws java.sql.SQLException {
        return new Letter(rs.getString("id"), rs.getString("run_id"), rs.getString("host"),
                rs.getString("environment"), rs.getString("step"), rs.getString("error_kind"), rs.getInt("attempts"),
                Jdbc.integer(rs, "exit_code"), rs.getString("last_output"), Jdbc.instant(rs, "created_at"),
                State.of(rs.getString("state")), Jdbc.instant(rs, "settled_at"), rs.getString("settled_by"),
                rs.getString("requeue_run"));
    }
}
