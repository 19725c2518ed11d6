package dev.muster.server.store;

import dev.muster.core.exec.FailureKind;
import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run_hosts rows: one outcome per host and run, its output kept in {@link RunOutput}. */
record RunOutcomes(StoreJson json, RunOutput output) {
    void save(Connection c, String runId, Outcome o) throws SQLException {
        Jdbc.update(c, "INSERT INTO run_hosts (run_id, host, status, kind, exit_code, signal_name, message, attempts, "
                        + "duration_ms, started_at, owed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (run_id, host) DO UPDATE SET status = excluded.status, kind = excluded.kind, "
                        + "exit_code = excluded.exit_code, signal_name = excluded.signal_name, "
                        + "message = excluded.message, attempts = excluded.attempts, "
                        + "duration_ms = excluded.duration_ms, started_at = excluded.started_at, owed = excluded.owed",
                runId, o.host(), o.status().key(), o.kind() == null ? null : o.kind().key(), o.exitCode(), o.signal(),
                o.message(), o.attempts(), o.durationMs(), o.startedAt(), o.owed().isEmpty() ? null : json.write(o.owed()));
        Jdbc.update(c, "DELETE FROM run_inflight WHERE run_id = ? AND host = ?", runId, o.host());
        if (!o.stdout().isEmpty()) {
            output.replace(c, runId, o.host(), RunOutput.Stream.STDOUT, o.stdout());
        }
        if (!o.stderr().isEmpty()) {
            output.replace(c, runId, o.host(), RunOutput.Stream.STDERR, o.stderr());
        }
    }

    List<Outcome> load(Connection c, String runId, boolean withOutput) throws SQLException {
        List<Outcome> out = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT host, status, kind, exit_code, signal_name, message, "
                + "attempts, duration_ms, started_at, owed FROM run_hosts WHERE run_id = ? ORDER BY host", runId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        if (!withOutput) {
            return out;
        }
        List<Outcome> full = new ArrayList<>(out.size());
        for (Outcome o : out) {
            full.add(o.withOutput(output.readAll(c, runId, o.host(), RunOutput.Stream.STDOUT),
                    output.readAll(c, runId, o.host(), RunOutput.Stream.STDERR)));
        }
        return full;
    }

    private Outcome row(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        String owed = rs.getString("owed");
        return Outcome.builder(rs.getString("host"), Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)))
                .kind(kind == null ? null : FailureKind.fromKey(kind)).exitCode(Jdbc.integer(rs, "exit_code"))
                .signal(rs.getString("signal_name")).message(rs.getString("message")).attempts(rs.getInt("attempts"))
                .durationMs(rs.getLong("duration_ms")).startedAt(Jdbc.instant(rs, "started_at"))
                .owed(owed == null ? List.of() : json.read(owed, StoreJson.STRINGS)).build();
    }
}
