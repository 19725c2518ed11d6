package dev.muster.server.http;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.store.DeadLetters;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dead-letter queue (issue 18): list (viewer, filtered to the caller's environments), requeue
 * as a new run on the letter's host (operator in its environment; a protected one needs
 * {@code confirm}) and discard (operator in its environment). Both are audited with the letter's
 * environment; a letter is settled once (409 after).
 */
final class DeadLetterRoutes {
    private final ServerContext sc;
    private final DeadLetters letters;

    DeadLetterRoutes(ServerContext sc) {
        this.sc = sc;
        this.letters = sc.store().deadLetters();
    }

    void register(Api api) {
        api.get("/dead-letters", this::list);
        api.post("/dead-letters/{id}/requeue", "dead_letter.requeue", this::requeue);
        api.post("/dead-letters/{id}/discard", "dead_letter.discard", this::discard);
    }

    private void list(Context ctx) {
        Principal p = sc.principal(ctx);
        sc.requireAnywhere(p, Role.VIEWER);
        int limit = RunRoutes.limit(ctx);
        DeadLetters.State state = state(ctx.queryParam("state"));
        List<Map<String, Object>> out = new ArrayList<>();
        // filtered after reading: the store has no grants; a page may come back shorter than the limit
        for (DeadLetters.Letter l : letters.list(state, null, RunRoutes.MAX_PAGE)) {
            if (out.size() < limit && p.may(Role.VIEWER, Set.of(environment(l)))) {
                out.add(view(l));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deadLetters", out);
        sc.respond(ctx, 200, body);
    }

    private void requeue(Context ctx) {
        Principal p = sc.principal(ctx);
        DeadLetters.Letter l = letter(ctx, p, "requeue dead letters");
        boolean confirm = !ctx.body().isBlank() && sc.body(ctx).path("confirm").asBoolean(false);
        String run = new RunStarter(sc).start(p, l.host(), l.step(), confirm);
        if (!letters.requeued(l.id(), run, p.name())) {
            sc.cancel(run);
            throw ApiError.conflict("dead letter " + l.id() + " was settled meanwhile");
        }
        sc.auditTargets(ctx, l.id() + " -> run " + run);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", l.id());
        body.put("run", run);
        sc.respond(ctx, 202, body);
    }

    private void discard(Context ctx) {
        Principal p = sc.principal(ctx);
        DeadLetters.Letter l = letter(ctx, p, "discard dead letters");
        if (!letters.discard(l.id(), p.name())) {
            throw ApiError.conflict("dead letter " + l.id() + " was settled meanwhile");
        }
        sc.respond(ctx, 200, view(letters.find(l.id()).orElseThrow()));
    }

    /** The open letter named by the path, after checking the caller's role in its environment. */
    private DeadLetters.Letter letter(Context ctx, Principal p, String what) {
        String id = ctx.pathParam("id");
        sc.auditTargets(ctx, id);
        DeadLetters.Letter l = letters.find(id).orElseThrow(() -> ApiError.notFound("no dead letter " + id));
        sc.auditEnvironments(ctx, Set.of(environment(l)));
        sc.require(p, Role.OPERATOR, Set.of(environment(l)), what);
        if (l.state() != DeadLetters.State.OPEN) {
            throw ApiError.conflict("dead letter " + id + " is already " + l.state().key());
        }
        return l;
    }

    private static String environment(DeadLetters.Letter l) {
        return l.environment() == null ? dev.muster.server.engine.RunTargets.DEFAULT_ENVIRONMENT : l.environment();
    }

    private static DeadLetters.State state(String text) {
        if (text == null || text.equals("any")) {
            return text == null ? DeadLetters.State.OPEN : null;
        }
        for (DeadLetters.State s : DeadLetters.State.values()) {
            if (s.key().equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw ApiError.badRequest("state must be open, requeued, discarded or any, got " + text);
    }

    private static Map<String, Object> view(DeadLetters.Letter l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("runId", l.runId());
        m.put("host", l.host());
        m.put("environment", l.environment());
        m.put("step", l.step());
        m.put("errorKind", l.errorKind());
        m.put("attempts", l.attempts());
        m.put("exitCode", l.exitCode());
        m.put("lastOutput", l.lastOutput());
        m.put("createdAt", l.createdAt().toString());
        m.put("state", l.state().key());
        m.put("settledAt", l.settledAt() == null ? null : l.settledAt().toString());
        m.put("settledBy", l.settledBy());
        m.put("requeueRun", l.requeueRun());
        return m;
    }
}
