package dev.muster.server.store;

import dev.muster.core.store.RunStore;
import dev.muster.core.store.StepMark;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a plan run keeps besides outcomes: its journal of step marks (for resume), the approvals it
 * waits for, and small named state (a blue-green plan's live colour). {@link JdbcRunStore}
 * delegates its {@link RunStore} journal methods here.
 */
record RunJournal(Jdbc jdbc, Clock clock) {
    void mark(String runId, StepMark m) {
        jdbc.inTransaction("write the journal of run " + runId, c -> {
            long seq = Jdbc.queryLong(c, -1, "SELECT MAX(seq) FROM run_marks WHERE run_id = ?", runId) + 1;
            return Jdbc.update(c, "INSERT INTO run_marks (run_id, seq, mark, batch, step, host, status, name, output) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, (int) seq,
                    m.mark().name().toLowerCase(Locale.ROOT), m.batch(), m.step(), m.host(), m.status(), m.name(),
                    m.output());
        });
    }

    List<StepMark> marks(String runId) {
        return jdbc.inTransaction("read the journal of run " + runId, c -> {
            List<StepMark> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT mark, batch, step, host, status, name, output "
                    + "FROM run_marks WHERE run_id = ? ORDER BY seq", runId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StepMark(StepMark.Mark.valueOf(rs.getString("mark").toUpperCase(Locale.ROOT)),
                            rs.getInt("batch"), rs.getInt("step"), rs.getString("host"), rs.getString("status"),
                            rs.getString("name"), rs.getString("output")));
                }
            }
            return out;
        });
    }

    void requestApproval(String runId, String key, String message) {
        jdbc.inTransaction("ask approval for run " + runId, c -> Jdbc.update(c,
                "INSERT INTO run_approvals (run_id, approval_key, message, requested_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (run_id, approval_key) DO NOTHING", runId, key, message, clock.instant()));
    }

    Optional<RunStore.Approval> pendingApproval(String runId) {
        return jdbc.inTransaction("read approvals of run " + runId, c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT approval_key, message, requested_at FROM run_approvals "
                    + "WHERE run_id = ? AND approved_at IS NULL ORDER BY requested_at DESC LIMIT 1", runId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new RunStore.Approval(rs.getString(1), rs.getString(2),
                        Jdbc.instant(rs, "requested_at"))) : Optional.<RunStore.Approval>empty();
            }
        });
    }

    boolean approve(String runId, String who) {
        return jdbc.inTransaction("approve run " + runId, c -> Jdbc.update(c,
                "UPDATE run_approvals SET approved_by = ?, approved_at = ? WHERE run_id = ? AND approved_at IS NULL",
                who, clock.instant(), runId) > 0);
    }

    boolean approved(String runId, String key) {
        return jdbc.inTransaction("read approvals of run " + runId, c -> Jdbc.queryLong(c, 0,
                "SELECT COUNT(*) FROM run_approvals WHERE run_id = ? AND approval_key = ? AND approved_at IS NOT NULL",
                runId, key) > 0);
    }

    String state(String key) {
        return jdbc.inTransaction("read state " + key, c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT value FROM store_state WHERE state_key = ?", key);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    void state(String key, String value) {
        jdbc.inTransaction("save state " + key, c -> Jdbc.update(c, "INSERT INTO store_state (state_key, value, "
                + "updated_at) VALUES (?, ?, ?) ON CONFLICT (state_key) DO UPDATE SET value = excluded.value, "
                + "updated_at = excluded.updated_at", key, value, clock.instant()));
    }
}
