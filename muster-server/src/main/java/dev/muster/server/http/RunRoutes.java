package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.store.RunOutput;
import dev.muster.server.store.StoredRun;
import io.javalin.http.Context;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hosts and runs: start, list, read, cancel, per-host outcomes, output, live events, approval. */
record RunRoutes(ServerContext sc, HostStatusSource hostStatus) {
    static final int MAX_PAGE = 200;

    void register(Api api) {
        api.get("/hosts", this::hosts);
        api.post("/runs", "run.start", this::start);
        api.get("/runs", this::list);
        api.get("/runs/{id}", this::one);
        api.post("/runs/{id}/cancel", "run.cancel", this::cancel);
        api.get("/runs/{id}/hosts", this::outcomes);
        api.get("/runs/{id}/output", this::output);
        api.post("/runs/{id}/approve", "run.approve", this::approve);
        api.post("/runs/{id}/deny", "run.deny", this::deny);
        api.post("/runs/{id}/resume", "run.resume", this::resume);
        api.post("/runs/{id}/rerun", "run.rerun", ctx -> rerun(ctx, false));
        api.post("/runs/{id}/rerun-failed", "run.rerun-failed", ctx -> rerun(ctx, true));
        api.before("/runs/{id}/events", ctx -> readable(ctx));
        api.sse("/runs/{id}/events", new RunEventStream(sc)::stream);
        RunListStream runEvents = new RunListStream(sc);
        api.before("/run-events", runEvents::check);
        api.sse("/run-events", runEvents::stream);
    }

    private void hosts(Context ctx) {
        Principal p = sc.principal(ctx);
        sc.requireAnywhere(p, Role.VIEWER);
        List<Map<String, Object>> out = new ArrayList<>();
        var status = hostStatus.snapshot();
        for (Host h : sc.inventory().hosts()) {
            if (p.may(Role.VIEWER, RunTargets.environments(List.of(h)))) {
                out.add(Views.host(h, status.apply(h.name())));
            }
        }
        sc.respond(ctx, 200, Map.of("hosts", out));
    }

    private void start(Context ctx) {
        Principal p = sc.principal(ctx);
        JsonNode body = sc.body(ctx);
        String selector = text(body, "selector");
        String command = text(body, "command");
        sc.auditTargets(ctx, selector);
        RunStarter starter = new RunStarter(sc);
        sc.auditEnvironments(ctx, starter.environments(selector));
        String id = starter.start(p, selector, command, body.path("confirm").asBoolean(false));
        sc.auditTargets(ctx, selector + " run " + id);
        sc.respond(ctx, 202, Map.of("id", id, "status", "queued"));
    }

    /** Runs newest first, filtered by ?status= (a verdict), user, host, env, from, to; paged by before/after. */
    private void list(Context ctx) {
        Principal p = sc.principal(ctx);
        sc.requireAnywhere(p, Role.VIEWER);
        int limit = limit(ctx);
        RunSearch.Page page = new RunSearch(sc).page(RunSearch.Query.of(ctx::queryParam), limit);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (StoredRun r : page.runs()) {
            if (p.may(Role.VIEWER, sc.environmentsOf(r))) {
                runs.add(Views.run(r, sc.secrets()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", runs);
        out.put("next", page.older());
        out.put("previous", page.newer());
        sc.respond(ctx, 200, out);
    }

    /** Queues the run again ({@code failedOnly}: on the hosts that did not succeed); body: {"confirm": true}. */
    private void rerun(Context ctx, boolean failedOnly) {
        StoredRun run = run(ctx, Role.OPERATOR, "re-run runs");
        Principal p = sc.principal(ctx);
        boolean confirm = !ctx.body().isBlank() && sc.body(ctx).path("confirm").asBoolean(false);
        Reruns reruns = new Reruns(sc);
        String selector = reruns.selector(run, failedOnly);
        sc.auditTargets(ctx, "run " + run.id() + " on " + selector);
        String id = reruns.rerun(p, run, failedOnly, confirm);
        sc.auditTargets(ctx, "run " + run.id() + " on " + selector + ": run " + id);
        sc.respond(ctx, 202, Map.of("id", id, "status", "queued", "rerunOf", run.id(), "selector", selector));
    }

    static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        try {
            int n = text == null ? 50 : Integer.parseInt(text);
            if (n < 1 || n > MAX_PAGE) {
                throw ApiError.badRequest("limit must be 1.." + MAX_PAGE);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("limit must be a number, got " + text);
        }
    }

    /** The run named in the path, when the caller may read it. */
    private StoredRun readable(Context ctx) {
        return run(ctx, Role.VIEWER, "read this run");
    }

    private StoredRun run(Context ctx, Role role, String what) {
        Principal p = sc.principal(ctx);
        String id = ctx.pathParam("id");
        StoredRun run = sc.store().runs().get(id).orElseThrow(() -> ApiError.notFound("no run " + id));
        sc.auditTargets(ctx, "run " + id);
        sc.auditEnvironments(ctx, sc.environmentsOf(run));
        sc.require(p, role, sc.environmentsOf(run), what);
        return run;
    }

    /** One run; a plan run waiting at an approve step says what for. */
    private void one(Context ctx) {
        StoredRun run = readable(ctx);
        Map<String, Object> view = Views.run(run, sc.secrets());
        Object groups = run.record().spec().get("groups");
        if (groups != null) {
            view.put("groups", groups); // a grouped plan: each group's hosts, strategy, window and state
        }
        Object overrides = run.record().spec().get("window_overrides");
        if (overrides != null) {
            view.put("windowOverrides", overrides);
        }
        if (run.status().active()) {
            sc.store().runs().pendingApproval(run.id()).ifPresent(a -> view.put("waitingFor",
                    Map.of("key", a.key(), "message", sc.inventory().redactor().redact(a.message()),
                            "since", a.requestedAt().toString())));
        }
        sc.respond(ctx, 200, view);
    }

    private void cancel(Context ctx) {
        StoredRun run = run(ctx, Role.OPERATOR, "cancel runs");
        if (!run.status().active()) {
            throw ApiError.conflict("run " + run.id() + " is " + run.status().key());
        }
        if (!sc.cancel(run.id())) {
            throw ApiError.conflict("run " + run.id() + " is " + run.status().key() + " no more");
        }
        sc.respond(ctx, 202, Map.of("id", run.id(), "status", "cancelling"));
    }

    private void outcomes(Context ctx) {
        StoredRun run = readable(ctx);
        List<Map<String, Object>> hosts = sc.store().runs().outcomes(run.id()).stream().map(Views::outcome).toList();
        sc.respond(ctx, 200, Map.of("id", run.id(), "status", run.status().key(), "hosts", hosts));
    }

    /** One host's stored output, copied chunk by chunk (already redacted when it was stored). */
    private void output(Context ctx) throws java.io.IOException {
        StoredRun run = readable(ctx);
        String host = ctx.queryParam("host");
        if (host == null || host.isBlank()) {
            throw ApiError.badRequest("name the host: ?host=NAME");
        }
        RunOutput.Stream stream = "stderr".equals(ctx.queryParam("stream")) ? RunOutput.Stream.STDERR
                : RunOutput.Stream.STDOUT;
        ctx.status(200).contentType("text/plain; charset=utf-8");
        char[] buffer = new char[8192];
        try (Reader in = sc.store().output().reader(run.id(), host, stream);
             Writer out = new java.io.OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Approves what the run waits for; an optional {@code {"note": "..."}} goes to the audit entry. */
    private void approve(Context ctx) {
        StoredRun run = run(ctx, Role.OPERATOR, "approve runs");
        String note = note(ctx);
        var step = new Approvals(sc).approve(run, sc.principal(ctx));
        sc.auditDetail(ctx, Approvals.detail(step, note));
        sc.respond(ctx, 200, Map.of("id", run.id(), "approved", step.key()));
    }

    /** Denies what the run waits for, which cancels the run; {@code {"note": "why"}} is required. */
    private void deny(Context ctx) {
        StoredRun run = run(ctx, Role.OPERATOR, "deny approvals");
        String note = note(ctx);
        var step = new Approvals(sc).deny(run, note);
        sc.auditDetail(ctx, Approvals.detail(step, note));
        sc.respond(ctx, 202, Map.of("id", run.id(), "denied", step.key(), "status", "cancelling"));
    }

    /** The optional "note" of a JSON body (no body: none). */
    private String note(Context ctx) {
        if (ctx.body().isBlank()) {
            return null;
        }
        JsonNode n = sc.body(ctx).get("note");
        if (n != null && !n.isNull() && !n.isTextual()) {
            throw ApiError.badRequest("expected \"note\" as a string");
        }
        return n == null || n.isNull() ? null : Approvals.note(n.asText());
    }

    /**
     * Queues an ended plan run again, to continue from its journal where it stopped (the server's
     * {@code muster apply --resume}): steps done are skipped, steps in flight run again.
     */
    private void resume(Context ctx) {
        StoredRun run = run(ctx, Role.OPERATOR, "resume runs");
        boolean ended = run.status() == dev.muster.server.store.RunStatus.INTERRUPTED
                || run.status() == dev.muster.server.store.RunStatus.CANCELLED
                || (run.status() == dev.muster.server.store.RunStatus.FINISHED && !Integer.valueOf(0)
                .equals(run.record().exitCode()));
        if (!run.record().kind().equals("apply") || !ended) {
            throw ApiError.conflict("run " + run.id() + " is a " + run.record().kind() + " run that is "
                    + run.status().key() + ": only a plan run that did not deploy everywhere can be resumed");
        }
        if (!sc.store().queue().requeue(run.id())) {
            throw ApiError.conflict("run " + run.id() + " changed meanwhile; look again");
        }
        sc.engine().ifPresent(e -> e.wake());
        sc.respond(ctx, 202, Map.of("id", run.id(), "status", "queued"));
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw ApiError.badRequest("expected \"" + field + "\" as a non-empty string");
        }
        return n.asText();
    }
}
