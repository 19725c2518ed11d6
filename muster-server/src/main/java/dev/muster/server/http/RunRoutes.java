package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunEvents;
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
final class RunRoutes {
    static final int MAX_PAGE = 200;

    private final ServerContext sc;
    private final HostStatusSource hostStatus;

    RunRoutes(ServerContext sc, HostStatusSource hostStatus) {
        this.sc = sc;
        this.hostStatus = hostStatus;
    }

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

    /**
     * Runs' live events as server-sent events (clients must send Accept: text/event-stream). Events
     * of a run this server executes carry an {@code id:}; a client reconnecting with
     * {@code Last-Event-ID} first gets what it missed from the run's kept events, then the live ones.
     * One writer thread per client sends, in order, from a bounded queue: a client too slow to keep
     * up is closed after what it was sent (its browser reconnects from there), never the run slowed.
     */
    record RunEventStream(ServerContext sc) {
        static final int QUEUE = 20_000;

        void stream(io.javalin.http.sse.SseClient client) {
            String id = client.ctx().pathParam("id");
            long after = sc.events().cursor(client.ctx().header("Last-Event-ID"));
            Outbox out = new Outbox(client);
            client.keepAlive();
            client.sendComment("subscribed");
            Thread.ofVirtual().name("muster-sse-" + id).start(out::drain); // drains while the replay fills it
            AutoCloseable sub = sc.events().subscribe(id, after, out::offer);
            client.onClose(() -> close(sub));
            if (client.terminated()) {
                close(sub);
            }
            // Replay what the store already holds, so a page opened mid-run counts from the truth even
            // when the run is not (or no more) in this server's memory: hosts under way, then every host
            // already done (each host's end sent once per connection, whoever sees it first).
            var stored = sc.store().runs().get(id);
            if (stored.isPresent()) {
                for (String host : sc.store().runs().inFlight(id)) {
                    out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-started",
                            Map.of("host", host, "attempt", 1))));
                }
                for (dev.muster.core.exec.Outcome o : sc.store().runs().outcomes(id)) {
                    out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-finished", RunEvents.finished(o))));
                }
            }
            // A run that ended before we subscribed gets its end at once.
            stored.filter(r -> !r.status().active()).ifPresent(r -> out.offer(new RunEvents.Numbered(0,
                    finished(r))));
            // A run executed by another server of the same store: follow it through the store.
            if (stored.isPresent() && stored.get().status().active()
                    && sc.engine().map(e -> !e.runsHere(id)).orElse(true)) {
                Thread.ofVirtual().name("muster-events-" + id).start(() -> follow(client, id, out));
            }
        }

        /** The client's queue and its one writer; host ends and the run's end go out once each. */
        private final class Outbox {
            private final io.javalin.http.sse.SseClient client;
            private final java.util.concurrent.BlockingQueue<RunEvents.Numbered> queue =
                    new java.util.concurrent.LinkedBlockingQueue<>(QUEUE);
            private final java.util.Set<String> sent = new java.util.HashSet<>();
            private volatile boolean overflow;

            Outbox(io.javalin.http.sse.SseClient client) {
                this.client = client;
            }

            void offer(RunEvents.Numbered n) {
                if (!overflow && !queue.offer(n)) {
                    overflow = true; // the writer sends what it holds, then closes
                }
            }

            void drain() {
                try {
                    while (!client.terminated()) {
                        RunEvents.Numbered n = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                        if (n == null) {
                            if (overflow) {
                                client.close(); // all it held was sent: the browser resumes from the last id
                                return;
                            }
                            continue;
                        }
                        RunEvents.Event e = n.event();
                        if (e.type().equals("host-finished") && !sent.add("host " + e.data().get("host"))
                                || e.type().equals("run-finished") && !sent.add("run")
                                || n.seq() == 0 && e.type().equals("host-started")
                                && sent.contains("host " + e.data().get("host"))) {
                            continue;
                        }
                        if (n.seq() > 0) {
                            client.sendEvent(e.type(), toJson(e), sc.events().id(n.seq()));
                        } else {
                            client.sendEvent(e.type(), toJson(e));
                        }
                        if (e.type().equals("run-finished")) {
                            client.close();
                            return;
                        }
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException ex) {
                    client.close(); // the client went away mid-write
                }
            }
        }

        /** Host ends and the run's end as the store records them, polled twice a second. */
        private void follow(io.javalin.http.sse.SseClient client, String id, Outbox out) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            try {
                while (!client.terminated()) {
                    for (dev.muster.core.exec.Outcome o : sc.store().runs().outcomes(id)) {
                        if (seen.add(o.host())) {
                            out.offer(new RunEvents.Numbered(0, new RunEvents.Event("host-finished",
                                    RunEvents.finished(o))));
                        }
                    }
                    var run = sc.store().runs().get(id);
                    if (run.isEmpty() || !run.get().status().active()) {
                        if (run.isEmpty()) {
                            client.close(); // deleted meanwhile: nothing more will come
                        }
                        run.ifPresent(r -> out.offer(new RunEvents.Numbered(0, finished(r))));
                        return;
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                client.close(); // the store or the client went away
            }
        }

        private static RunEvents.Event finished(dev.muster.server.store.StoredRun r) {
            return new RunEvents.Event("run-finished", Map.of("status", r.status().key(), "exitCode",
                    r.record().exitCode() == null ? 3 : r.record().exitCode()));
        }

        private String toJson(RunEvents.Event e) {
            try {
                return sc.json().writeValueAsString(e.data());
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        private static void close(AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to undo
            }
        }
    }
}
