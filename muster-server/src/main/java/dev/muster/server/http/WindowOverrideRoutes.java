package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.core.plan.Plan;
import dev.muster.core.plan.PlanReader;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.WindowOverrides;
import dev.muster.server.store.StoredRun;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Overriding a closed maintenance window of a plan run takes two people: one asks, with a reason
 * ({@code POST /runs/{id}/window-override}), a second approves ({@code .../approve}); the one who
 * asked cannot approve. Both are operators of the run's environments, and both calls are audited.
 * Once approved, the run's groups gated by that window start their units while it is closed.
 */
record WindowOverrideRoutes(ServerContext sc) {
    void register(Api api) {
        api.post("/runs/{id}/window-override", "run.window-override", this::request);
        api.post("/runs/{id}/window-override/approve", "run.window-override.approve", this::approve);
    }

    private StoredRun run(Context ctx) {
        Principal p = sc.principal(ctx);
        String id = ctx.pathParam("id");
        StoredRun run = sc.store().runs().get(id).orElseThrow(() -> ApiError.notFound("no run " + id));
        sc.auditTargets(ctx, "run " + id);
        sc.auditEnvironments(ctx, sc.environmentsOf(run));
        sc.require(p, Role.OPERATOR, sc.environmentsOf(run), "override windows");
        if (!run.status().active() || !run.record().spec().containsKey("plan")) {
            throw ApiError.conflict("run " + id + " is not a plan run under way (it is " + run.status().key() + ")");
        }
        return run;
    }

    private void request(Context ctx) {
        StoredRun run = run(ctx);
        Principal p = sc.principal(ctx);
        JsonNode body = sc.body(ctx);
        String window = RunRoutes.text(body, "window");
        JsonNode reason = body.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            throw ApiError.badRequest("expected \"reason\": why window " + window + " is overridden (kept in the run)");
        }
        String planName = run.record().spec().get("plan").toString();
        Plan plan = PlanReader.read(sc.targets().plan(planName), sc.targets().inventory());
        if (!plan.windows().containsKey(window)) {
            throw ApiError.badRequest("plan " + planName + " has no window named '" + window + "'"
                    + dev.muster.core.inventory.Names.suggestion(window, plan.windows().keySet()));
        }
        sc.auditTargets(ctx, "run " + run.id() + " window " + window);
        try {
            WindowOverrides.request(sc.store().runs(), run.id(), run.record().spec(), window,
                    sc.inventory().redactor().redact(reason.asText()), p.name(), sc.clock().instant());
        } catch (WindowOverrides.Refused e) {
            throw ApiError.conflict(e.getMessage());
        }
        sc.respond(ctx, 202, Map.of("id", run.id(), "window", window, "status", "waiting for a second person to approve"));
    }

    private void approve(Context ctx) {
        StoredRun run = run(ctx);
        Principal p = sc.principal(ctx);
        String window = RunRoutes.text(sc.body(ctx), "window");
        sc.auditTargets(ctx, "run " + run.id() + " window " + window);
        Map<String, Object> approved;
        try {
            approved = WindowOverrides.approve(sc.store().runs(), run.id(), run.record().spec(), window, p.name(),
                    sc.clock().instant());
        } catch (WindowOverrides.Refused e) {
            throw e.forbidden() ? ApiError.forbidden(e.getMessage()) : ApiError.conflict(e.getMessage());
        }
        sc.engine().ifPresent(e -> e.nudge(run.id()));
        sc.respond(ctx, 200, Map.of("id", run.id(), "window", window, "requestedBy", approved.get("requested_by"),
                "approvedBy", p.name()));
    }
}
