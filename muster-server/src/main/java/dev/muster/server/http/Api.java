package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers the API's routes under {@link #PREFIX} and remembers them (the OpenAPI test checks
 * each one is described). Every mutating route is written to the audit log: who, the action,
 * its targets and how it ended, denied and failed calls included.
 */
final class Api {
    static final String PREFIX = "/api/v1";

    /** A registered route, path as written after the prefix ("/runs/{id}"). */
    record Route(String method, String path) {
    }

    private final RoutesConfig routes;
    private final ServerContext context;
    private final List<Route> registered = new ArrayList<>();
    private final java.util.Map<String, String> actions = new java.util.HashMap<>();

    Api(RoutesConfig routes, ServerContext context) {
        this.routes = routes;
        this.context = context;
    }

    void get(String path, Handler handler) {
        registered.add(new Route("get", path));
        routes.get(PREFIX + path, handler);
    }

    void sse(String path, Consumer<SseClient> client) {
        registered.add(new Route("get", path));
        routes.sse(PREFIX + path, client);
    }

    /** A check that runs before the route's handler, after authentication (e.g. access to an event stream). */
    void before(String path, Handler handler) {
        routes.beforeMatched(PREFIX + path, handler);
    }

    void post(String path, String action, Handler handler) {
        registered.add(new Route("post", path));
        actions.put("POST " + PREFIX + path, action);
        routes.post(PREFIX + path, audited(action, handler));
    }

    void delete(String path, String action, Handler handler) {
        registered.add(new Route("delete", path));
        actions.put("DELETE " + PREFIX + path, action);
        routes.delete(PREFIX + path, audited(action, handler));
    }

    /** The audit action of a mutating route ("POST", "/api/v1/runs"), or null for reads. */
    String action(String method, String fullPath) {
        return actions.get(method + " " + fullPath);
    }

    /**
     * Audits a call refused before its handler ran (no valid token or session: 401; a session
     * without its CSRF token: 403), as every mutating call is audited.
     */
    void auditRefused(Context ctx, ApiError refusal) {
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String action = matched == null ? null : action(ctx.method().name(), matched.path);
        if (action != null) {
            Principal p = ctx.attribute(ServerContext.PRINCIPAL);
            context.store().audit().append(ServerContext.actor(p), action, ctx.path(), "denied",
                    refusal.status() + ": " + refusal.getMessage() + " (from " + ctx.ip() + ")");
        }
    }

    List<Route> routes() {
        return List.copyOf(registered);
    }

    private Handler audited(String action, Handler handler) {
        return ctx -> {
            String result = "ok";
            String detail = null;
            try {
                handler.handle(ctx);
            } catch (ApiError e) {
                result = e.status() == 403 ? "denied" : "rejected";
                detail = e.getMessage();
                throw e;
            } catch (dev.muster.core.InputException e) {
                result = "rejected";
                detail = e.getMessage();
                throw e;
            } catch (Exception e) {
                result = "failed";
                detail = e.getMessage();
                throw e;
            } finally {
                audit(ctx, action, result, detail);
            }
        };
    }

    private void audit(Context ctx, String action, String result, String detail) {
        String targets = ctx.attribute(ServerContext.AUDIT_TARGETS);
        if (detail == null) {
            detail = ctx.attribute(ServerContext.AUDIT_DETAIL);
        }
        java.util.Set<String> envs = ctx.attribute(ServerContext.AUDIT_ENVIRONMENTS);
        context.audit(ctx.attribute(ServerContext.PRINCIPAL), action, targets == null ? ctx.path() : targets, result,
                detail, envs);
    }
}
