package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.ScheduleRequest;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Schedules: list (viewers, each schedule shown to those who may view every environment its target
 * touches), save and delete (admins of every environment the target touches). Secret values in a
 * target are stored sealed and shown masked.
 */
final class ScheduleRoutes {
    private final ServerContext sc;

    ScheduleRoutes(ServerContext sc) {
        this.sc = sc;
    }

    void register(Api api) {
        api.get("/schedules", this::list);
        api.post("/schedules", "schedule.save", this::save);
        api.delete("/schedules/{name}", "schedule.delete", this::delete);
    }

    private void list(Context ctx) {
        sc.requireAnywhere(sc.principal(ctx), Role.VIEWER);
        Principal p = sc.principal(ctx);
        sc.respond(ctx, 200, Map.of("schedules", sc.store().schedules().list().stream()
                .filter(s -> p.may(Role.VIEWER, environments(s))).map(s -> Views.schedule(s, sc.secrets())).toList()));
    }

    private void save(Context ctx) {
        Principal p = sc.principal(ctx);
        JsonNode b = sc.body(ctx);
        String name = sc.noSecret("name", b.path("name").asText(null));
        sc.auditTargets(ctx, "schedule " + name);
        ScheduleEditor.Saved saved = new ScheduleEditor(sc).save(p, new ScheduleRequest(name, b.path("cron").asText(null),
                b.path("zone").asText(null), b.path("plan").asText(null), b.path("inspection").asText(null),
                b.path("selector").asText(null), b.path("command").asText(null), b.path("misfire").asText(null),
                b.path("overlap").asText(null)), b.path("enabled").asBoolean(true), envs -> sc.auditEnvironments(ctx, envs));
        sc.respond(ctx, saved.replaced() ? 200 : 201, Views.schedule(saved.schedule(), sc.secrets()));
    }

    private void delete(Context ctx) {
        Principal p = sc.principal(ctx);
        String name = ctx.pathParam("name");
        sc.auditTargets(ctx, "schedule " + name);
        new ScheduleEditor(sc).delete(p, name, envs -> sc.auditEnvironments(ctx, envs));
        ctx.status(204);
    }

    /** Where a schedule's runs will go; a target that does not resolve needs an admin of everything. */
    private Set<String> environments(Schedule s) {
        try {
            return RunTargets.environments(sc.targets().hostsOf(s.target()));
        } catch (RuntimeException e) {
            return Set.of(dev.muster.server.store.Grants.ANY_ENVIRONMENT);
        }
    }
}
