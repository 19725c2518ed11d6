package dev.muster.server.store;

import dev.muster.server.schedule.CronSchedule;
import dev.muster.server.schedule.Firing;
import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.ScheduleLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Schedules and their firings in the database; the scheduler's {@link ScheduleLedger}. With
 * {@link #sealWith} set, secret values in a target are stored sealed ({@link SecretRefs}) by every
 * write, and a target written raw by someone without the inventory is sealed when it first fires.
 */
public final class JdbcScheduleStore implements ScheduleLedger {
    private static final String COLUMNS = "name, cron, zone, target, misfire, overlap, enabled, updated_at";

    private final Jdbc jdbc;
    private final JdbcRunStore runs;
    private final Clock clock;
    private final StoreJson json;
    private volatile UnaryOperator<Map<String, Object>> sealer = UnaryOperator.identity();

    JdbcScheduleStore(Jdbc jdbc, JdbcRunStore runs, Clock clock, StoreJson json) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.clock = clock;
        this.json = json;
    }

    /** Seals secret values in targets with {@code secrets} from now on. */
    public void sealWith(SecretRefs secrets) {
        this.sealer = secrets::resealMap;
    }

    /**
     * Seals the targets already stored (by an older muster, or by a client without the inventory);
     * returns how many were rewritten. Their clocks do not restart.
     */
    public int sealStored() {
        int n = 0;
        for (Schedule s : list()) {
            Map<String, Object> sealed = sealer.apply(s.target());
            if (!sealed.equals(s.target())) {
                replaceTarget(s.name(), sealed);
                n++;
            }
        }
        return n;
    }

    private void replaceTarget(String name, Map<String, Object> target) {
        jdbc.inTransaction("seal schedule " + name, c -> Jdbc.update(c, "UPDATE schedules SET target = ? WHERE name = ?",
                json.write(target), name));
    }

    /**
     * Creates or replaces a schedule. Saving restarts its clock: it fires only for instants after
     * now, not for ones its old definition missed.
     */
    public void save(Schedule s) {
        Instant now = clock.instant();
        Map<String, Object> target = sealer.apply(s.target());
        jdbc.inTransaction("save schedule " + s.name(), c -> Jdbc.update(c,
                "INSERT INTO schedules (name, cron, zone, target, misfire, overlap, enabled, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, "
                        + "zone = excluded.zone, target = excluded.target, misfire = excluded.misfire, "
                        + "overlap = excluded.overlap, enabled = excluded.enabled, updated_at = excluded.updated_at",
                s.name(), s.cron().expression(), s.cron().zone().getId(), json.write(target), s.misfire().key(),
                s.overlap().key(), s.enabled(), now, now));
    }

    /** Deletes a schedule and its firing history (its runs stay); false when there was none. */
    public boolean delete(String name) {
        return jdbc.inTransaction("delete schedule " + name,
                c -> Jdbc.update(c, "DELETE FROM schedules WHERE name = ?", name) == 1);
    }

    public Optional<Schedule> get(String name) {
        return jdbc.inTransaction("read schedule " + name, c -> entries(c, "WHERE name = ?", name).stream()
                .findFirst().map(Entry::schedule));
    }

    public List<Schedule> list() {
        return jdbc.read("list schedules", c -> entries(c, "").stream().map(Entry::schedule).toList());
    }

    /** The schedule's most recent firings first. */
    public List<Firing> firings(String name, int limit) {
        return jdbc.inTransaction("read firings of " + name, c -> {
            List<Firing> out = new ArrayList<>();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT scheduled_at, fired_at, fired_by, outcome, run_id "
                    + "FROM schedule_fires WHERE schedule_name = ? ORDER BY scheduled_at DESC LIMIT ?", name, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Firing(name, Jdbc.instant(rs, "scheduled_at"), Jdbc.instant(rs, "fired_at"),
                            rs.getString("fired_by"), Firing.Outcome.fromKey(rs.getString("outcome")),
                            rs.getString("run_id")));
                }
            }
            return out;
        });
    }

    @Override
    public List<Entry> enabledSchedules() {
        return jdbc.read("list schedules", c -> entries(c, "WHERE enabled = ?", true));
    }

    @Override
    public Optional<Firing> record(Schedule s, Instant scheduledAt, Instant firedAt, String firedBy, boolean missed) {
        return jdbc.inTransaction("record a firing of " + s.name(), c -> {
            Firing.Outcome outcome = missed ? Firing.Outcome.MISSED : overlapOutcome(c, s);
            boolean queues = outcome == Firing.Outcome.DISPATCHED || outcome == Firing.Outcome.QUEUED;
            String runId = queues ? runs.newId() : null;
            // The primary key decides: a second server (or a restarted one) inserts nothing here.
            int inserted = Jdbc.update(c, "INSERT INTO schedule_fires (schedule_name, scheduled_at, fired_at, "
                            + "fired_by, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (schedule_name, scheduled_at) DO NOTHING",
                    s.name(), scheduledAt, firedAt, firedBy, outcome.key(), runId);
            if (inserted == 0) {
                return Optional.<Firing>empty();
            }
            if (queues) {
                Map<String, Object> target = sealer.apply(s.target());
                if (!target.equals(s.target())) {
                    Jdbc.update(c, "UPDATE schedules SET target = ? WHERE name = ?", json.write(target), s.name());
                }
                runs.insertQueued(c, runId, request(s.name(), target));
            }
            return Optional.of(new Firing(s.name(), scheduledAt, firedAt, firedBy, outcome, runId));
        });
    }

    private Firing.Outcome overlapOutcome(Connection c, Schedule s) throws SQLException {
        long active = Jdbc.queryLong(c, 0, "SELECT COUNT(*) FROM runs WHERE schedule_name = ? "
                + "AND status IN ('queued', 'running')", s.name());
        if (active == 0) {
            return Firing.Outcome.DISPATCHED;
        }
        return s.overlap() == OverlapPolicy.FORBID ? Firing.Outcome.REFUSED : Firing.Outcome.QUEUED;
    }

    private static RunRequest request(String name, Map<String, Object> t) {
        if (t.containsKey("inspection")) {
            return new RunRequest("inspection", null, "inspect " + t.get("inspection"), t, text(t.get("environment")),
                    "schedule " + name, name);
        }
        Object command = t.containsKey("command") ? t.get("command") : t.containsKey("plan") ? "plan " + t.get("plan")
                : null;
        return new RunRequest("scheduled", text(t.get("selector")), SecretRefs.masked(text(command)), t,
                text(t.get("environment")), "schedule " + name, name);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private List<Entry> entries(Connection c, String where, Object... params) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT " + COLUMNS + ", (SELECT MAX(scheduled_at) FROM "
                + "schedule_fires f WHERE f.schedule_name = schedules.name) AS last_fire FROM schedules " + where
                + " ORDER BY name", params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant updated = Jdbc.instant(rs, "updated_at");
                Instant lastFire = Jdbc.instant(rs, "last_fire");
                Instant handled = lastFire != null && lastFire.isAfter(updated) ? lastFire : updated;
                out.add(new Entry(schedule(rs), handled));
            }
        }
        return out;
    }

    private Schedule schedule(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        String source = "schedule " + name;
        return new Schedule(name, CronSchedule.parse(rs.getString("cron"), rs.getString("zone"), source),
                json.read(rs.getString("target"), StoreJson.MAP), MisfirePolicy.parse(rs.getString("misfire"), source, 0),
                OverlapPolicy.parse(rs.getString("overlap"), source, 0), rs.getBoolean("enabled"));
    }
}
