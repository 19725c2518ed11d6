package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.ScheduleRequest;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saving, pausing, resuming and deleting schedules: the one path the API and the dashboard's
 * forms share. All need admin in every environment the schedule's target touches, and replacing
 * one also where its old target went (or an admin of one environment could take over another's
 * schedule by saving one of the same name). Secret values in a target are stored sealed.
 */
public final class ScheduleEditor {
    private final ServerContext sc;

    public ScheduleEditor(ServerContext sc) {
        this.sc = sc;
    }

    /** A save's outcome: the schedule stored, whether it replaced one, the environments concerned. */
    public record Saved(Schedule schedule, boolean replaced, Set<String> environments) {
    }

    /**
     * Validates, checks access and stores; {@code environments} receives the environments concerned
     * before the access check (for the audit entry, whether allowed or not).
     */
    public Saved save(Principal p, ScheduleRequest request, boolean enabled,
                      java.util.function.Consumer<Set<String>> environments) {
        Schedule s = request.toSchedule();
        if (s.target().get("inspection") != null) {
            sc.targets().inspection(s.target().get("inspection").toString()); // 400 with file:line:col
        }
        s = new Schedule(s.name(), s.cron(), sc.secrets().sealMap(s.target()), s.misfire(), s.overlap(), enabled);
        Set<String> envs = new TreeSet<>(environments(s));
        Optional<Schedule> old = sc.store().schedules().get(s.name());
        old.ifPresent(o -> envs.addAll(environments(o)));
        environments.accept(envs);
        sc.require(p, Role.ADMIN, envs, old.isPresent() ? "replace schedule " + s.name() : "manage schedules");
        sc.store().schedules().save(s);
        return new Saved(s, old.isPresent(), envs);
    }

    /** Pauses (false) or resumes (true) a schedule; its other fields stay. */
    public Schedule enable(Principal p, String name, boolean enabled, java.util.function.Consumer<Set<String>> envs) {
        Schedule s = get(name);
        envs.accept(environments(s));
        sc.require(p, Role.ADMIN, environments(s), "manage schedules");
        Schedule changed = new Schedule(s.name(), s.cron(), s.target(), s.misfire(), s.overlap(), enabled);
        sc.store().schedules().save(changed);
        return changed;
    }

    public void delete(Principal p, String name, java.util.function.Consumer<Set<String>> envs) {
        Schedule s = get(name);
        envs.accept(environments(s));
        sc.require(p, Role.ADMIN, environments(s), "manage schedules");
        sc.store().schedules().delete(name);
    }

    public Schedule get(String name) {
        return sc.store().schedules().get(name).orElseThrow(() -> ApiError.notFound("no schedule " + name));
    }

    /** Where a schedule's runs will go; a target that does not resolve needs an admin of everything. */
    public Set<String> environments(Schedule s) {
        try {
            return RunTargets.environments(sc.targets().hostsOf(s.target()));
        } catch (RuntimeException e) {
            return Set.of(dev.muster.server.store.Grants.ANY_ENVIRONMENT);
        }
    }
}
