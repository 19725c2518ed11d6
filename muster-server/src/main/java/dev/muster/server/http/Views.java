package dev.muster.server.http;

import dev.muster.core.exec.Outcome;
import dev.muster.core.inventory.Host;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.store.ApiToken;
import dev.muster.server.store.AuditEntry;
import dev.muster.server.store.SecretRefs;
import dev.muster.server.store.StoredRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes, as maps: what clients see of runs, outcomes, hosts, schedules, tokens, audit. */
final class Views {
    private Views() {
    }

    static Map<String, Object> run(StoredRun r, SecretRefs secrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.record().kind());
        m.put("status", r.status().key());
        m.put("verdict", RunVerdict.of(r).key());
        m.put("command", secrets.display(r.record().command()));
        m.put("selector", secrets.display(r.record().selector()));
        m.put("hosts", r.record().hosts());
        m.put("environment", r.environment());
        m.put("requestedBy", r.requestedBy());
        m.put("schedule", r.schedule());
        m.put("exitCode", r.record().exitCode());
        m.put("counts", r.record().counts());
        m.put("createdAt", time(r.createdAt()));
        m.put("startedAt", time(r.record().startedAt()));
        m.put("finishedAt", time(r.record().finishedAt()));
        return m;
    }

    static Map<String, Object> outcome(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", o.host());
        m.put("status", o.status().key());
        m.put("kind", o.kind() == null ? null : o.kind().key());
        m.put("exitCode", o.exitCode());
        m.put("signal", o.signal());
        m.put("message", o.message());
        m.put("attempts", o.attempts());
        m.put("durationMs", o.durationMs());
        m.put("startedAt", time(o.startedAt()));
        return m;
    }

    static Map<String, Object> host(Host h, Map<String, Object> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("environment", h.environment() == null ? RunTargets.DEFAULT_ENVIRONMENT : h.environment());
        m.put("groups", h.groups());
        m.put("labels", h.labels());
        if (!status.isEmpty()) {
            m.put("status", status);
        }
        return m;
    }

    static Map<String, Object> schedule(Schedule s, SecretRefs secrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("cron", s.cron().expression());
        m.put("zone", s.cron().zone().getId());
        m.put("target", secrets.displayAll(s.target()));
        m.put("misfire", s.misfire().key());
        m.put("overlap", s.overlap().key());
        m.put("enabled", s.enabled());
        return m;
    }

    static Map<String, Object> token(ApiToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("owner", t.owner());
        m.put("grants", t.grants());
        m.put("createdAt", time(t.createdAt()));
        m.put("expiresAt", time(t.expiresAt()));
        m.put("revokedAt", time(t.revokedAt()));
        return m;
    }

    static Map<String, Object> audit(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", time(e.at()));
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("targets", e.targets());
        m.put("result", e.result());
        m.put("detail", e.detail());
        m.put("environments", e.environments());
        return m;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
