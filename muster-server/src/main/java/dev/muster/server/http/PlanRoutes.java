package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.store.RunRequest;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /plans/apply}: queues a plan run after checking the plan, its hosts and the caller's roles. */
record PlanRoutes(ServerContext sc) {
    void register(Api api) {
        api.post("/plans/apply", "plan.apply", this::apply);
    }

    private void apply(Context ctx) {
        Principal p = sc.principal(ctx);
        JsonNode body = sc.body(ctx);
        String plan = RunRoutes.text(body, "plan");
        sc.auditTargets(ctx, "plan " + plan);
        Path file = sc.targets().plan(plan);
        List<Host> hosts = sc.targets().planHosts(file);
        Set<String> envs = RunTargets.environments(hosts);
        sc.auditEnvironments(ctx, envs);
        sc.require(p, Role.OPERATOR, envs, "apply plans");
        Set<String> guarded = sc.targets().protectedAmong(envs);
        if (!guarded.isEmpty() && !body.path("confirm").asBoolean(false)) {
            throw ApiError.conflict("plan " + plan + " targets protected environment " + String.join(", ", guarded)
                    + ": send \"confirm\": true");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        JsonNode given = body.path("vars");
        if (!given.isMissingNode() && !given.isObject()) {
            throw ApiError.badRequest("\"vars\" must be an object of names to values");
        }
        given.properties().forEach(e -> vars.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().toString()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("plan", plan);
        spec.put("vars", sc.secrets().sealMap(vars)); // the store keeps references, never secret values
        String id = sc.store().runs().enqueue(new RunRequest("apply", null, "apply " + plan, spec,
                String.join(",", envs), p.name(), null));
        sc.auditTargets(ctx, "plan " + plan + " run " + id);
        sc.engine().ifPresent(e -> e.wake());
        sc.respond(ctx, 202, Map.of("id", id, "status", "queued"));
    }
}
