package dev.muster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.core.inventory.Inventory;
import dev.muster.server.auth.Authenticator;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.EngineBridge;
import dev.muster.server.engine.RunEvents;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.metrics.ServerMetrics;
import dev.muster.server.store.Grants;
import dev.muster.server.store.Store;
import dev.muster.server.store.StoredRun;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What route handlers (the API's and extensions' such as the dashboard) share: the store, the
 * inventory and run targets, the engine, live run events, metrics, and who is calling.
 */
public final class ServerContext {
    static final String PRINCIPAL = "muster.principal";
    static final String AUDIT_TARGETS = "muster.audit.targets";
    static final String AUDIT_ENVIRONMENTS = "muster.audit.environments";
    static final String AUDIT_DETAIL = "muster.audit.detail";

    private final Store store;
    private final RunTargets targets;
    private final EngineBridge engine;
    private final RunEvents events;
    private final ServerMetrics metrics;
    private final Authenticator auth;
    private final Clock clock;
    private final boolean tls;
    private final ObjectMapper json = new ObjectMapper();

    ServerContext(Store store, RunTargets targets, EngineBridge engine, RunEvents events, ServerMetrics metrics,
                  Clock clock, boolean tls) {
        this.store = store;
        this.targets = targets;
        this.engine = engine;
        this.events = events;
        this.metrics = metrics;
        this.auth = new Authenticator(store);
        this.clock = clock;
        this.tls = tls;
    }

    public Store store() {
        return store;
    }

    public Inventory inventory() {
        return targets.inventory();
    }

    public RunTargets targets() {
        return targets;
    }

    /** Secret values in what callers send: sealed before storing, masked for display. */
    public dev.muster.server.store.SecretRefs secrets() {
        return targets.secrets();
    }

    /** The engine bridge, or empty when this server does not execute runs. */
    /**
     * Cancels a run wherever it is: running here (stopped now), queued (ends cancelled), or running
     * on another server of the same store (asked through the store; that server stops it within its
     * poll, and when that server is gone the run ends cancelled as soon as its lease has run out).
     * False when it is none of those.
     */
    public boolean cancel(String runId) {
        boolean asked = engine().map(e -> e.cancel(runId)).orElse(false) || store().queue().cancelQueued(runId)
                || store().queue().requestCancel(runId);
        if (asked) {
            store().queue().reapExpired(); // a run whose server is already gone ends now
        }
        return asked;
    }

    public Optional<EngineBridge> engine() {
        return Optional.ofNullable(engine);
    }

    public RunEvents events() {
        return events;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public Authenticator auth() {
        return auth;
    }

    public Clock clock() {
        return clock;
    }

    /** Whether the server speaks HTTPS (cookies are then Secure). */
    public boolean tls() {
        return tls;
    }

    public ObjectMapper json() {
        return json;
    }

    /** The authenticated caller of an API route (the API's filter has checked it). */
    public Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw ApiError.unauthorized();
        }
        return p;
    }

    /** The caller of a page, by its session cookie; pages redirect to /login when empty. */
    public Optional<Principal> sessionPrincipal(Context ctx) {
        return auth.session(ctx.cookie(Authenticator.SESSION_COOKIE));
    }

    /** Refuses with 403 unless {@code p} holds {@code role} in every one of {@code environments}. */
    public void require(Principal p, Role role, Collection<String> environments, String what) {
        if (!p.may(role, environments)) {
            throw ApiError.forbidden(p.name() + " needs role " + role.key() + " in " + String.join(", ", environments)
                    + " to " + what);
        }
    }

    /** Refuses with 403 unless {@code p} holds {@code role} somewhere (enough to read lists). */
    public void requireAnywhere(Principal p, Role role) {
        if (!p.holdsAnywhere(role)) {
            throw ApiError.forbidden(p.name() + " holds no role");
        }
    }

    /**
     * The environments of a report's hosts; a host gone from the inventory is covered only by a
     * grant for every environment.
     */
    public Set<String> environmentsOf(dev.muster.server.inspect.Report report) {
        Set<String> out = new TreeSet<>();
        for (dev.muster.server.inspect.HostResult h : report.hosts()) {
            out.addAll(inventory().host(h.host()).map(x -> RunTargets.environments(java.util.List.of(x)))
                    .orElse(Set.of(Grants.ANY_ENVIRONMENT)));
        }
        return out;
    }

    /**
     * The entries of {@code page} whose reports the caller may read: viewer in every environment
     * of their hosts (hosts gone from the inventory need a grant for every environment).
     */
    public java.util.List<dev.muster.server.inspect.ReportEntry> readableReports(Principal p,
            java.util.List<dev.muster.server.inspect.ReportEntry> page, dev.muster.server.inspect.ReportStore reports) {
        if (p.may(Role.VIEWER, Set.of(Grants.ANY_ENVIRONMENT))) {
            return page;
        }
        var hosts = reports.hostsOf(page.stream().map(dev.muster.server.inspect.ReportEntry::id).toList());
        return page.stream().filter(e -> {
            Set<String> envs = new TreeSet<>();
            for (String h : hosts.getOrDefault(e.id(), Set.of())) {
                envs.addAll(inventory().host(h).map(x -> RunTargets.environments(java.util.List.of(x)))
                        .orElse(Set.of(Grants.ANY_ENVIRONMENT)));
            }
            return envs.isEmpty() || p.may(Role.VIEWER, envs);
        }).toList();
    }

    /** The environments a run touches: recorded at queueing, else worked out from its target. */
    public Set<String> environmentsOf(StoredRun run) {
        return targets.environmentsOf(run);
    }

    /**
     * Appends an audit entry by {@code p} ("anonymous" when null), its detail masked with the
     * inventory's secrets, naming the {@code environments} it concerns (null: none in particular).
     */
    public void audit(Principal p, String action, String targets, String result, String detail,
                      Collection<String> environments) {
        store.audit().append(actor(p), action, targets, result,
                detail == null ? null : inventory().redactor().redact(detail), environments);
    }

    /** Who an audit entry names: "NAME (token|session)", or "anonymous". */
    static String actor(Principal p) {
        return p == null ? "anonymous" : p.name() + " (" + p.via() + ")";
    }

    /** What the audit entry of this call names as its targets. */
    public void auditTargets(Context ctx, String targets) {
        ctx.attribute(AUDIT_TARGETS, targets);
    }

    /** The detail of this call's audit entry when it succeeds (e.g. an approval's note); masked when written. */
    public void auditDetail(Context ctx, String detail) {
        ctx.attribute(AUDIT_DETAIL, detail);
    }

    /** The environments this call concerns, recorded with its audit entry (who may read it). */
    public void auditEnvironments(Context ctx, Collection<String> environments) {
        ctx.attribute(AUDIT_ENVIRONMENTS, new TreeSet<>(environments));
    }

    /**
     * A name as the store keeps it (a user, a token, its owner, a grant's subject or environment):
     * at most 100 characters, no control characters, and no secret value of the inventory (names
     * are stored and shown as they are, so one could not be masked; the message does not repeat
     * the value). Anything else is a 400.
     */
    public String noSecret(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > 100 || value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("\"" + field + "\" must be at most 100 characters, none of them control "
                    + "characters");
        }
        if (!inventory().redactor().redact(value).equals(value)) {
            throw ApiError.badRequest("\"" + field + "\" contains a secret value of the inventory; "
                    + "names are shown as they are, so choose another");
        }
        return value;
    }

    /** The request's JSON body, or 400. */
    public JsonNode body(Context ctx) {
        try {
            JsonNode n = json.readTree(ctx.body());
            if (n == null || !n.isObject()) {
                throw ApiError.badRequest("expected a JSON object as the request body");
            }
            if (hasNul(n)) { // no store keeps it (PostgreSQL refuses it in text), and no command needs it
                throw ApiError.badRequest("the request body has a NUL character (\\u0000) in a string");
            }
            return n;
        } catch (IOException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getMessage());
        }
    }

    private static boolean hasNul(JsonNode n) {
        if (n.isTextual()) {
            return n.asText().indexOf('\u0000') >= 0;
        }
        for (var it = n.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().indexOf('\u0000') >= 0 || hasNul(e.getValue())) {
                return true;
            }
        }
        if (n.isArray()) {
            for (JsonNode item : n) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    public void respond(Context ctx, int status, Object body) {
        try {
            String text = json.writeValueAsString(body);
            SecurityHeaders.serverTiming(ctx);
            ctx.status(status).contentType("application/json").result(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
