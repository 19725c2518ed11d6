package dev.muster.server.http;

import dev.muster.core.inventory.Host;
import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.engine.RunTargets;
import dev.muster.server.inspect.Inspection;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportEntry;
import dev.muster.server.inspect.ReportHtml;
import dev.muster.server.inspect.ReportJson;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.store.RunRequest;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inspection reports (list, JSON, HTML download), starting an inspection now, and a host's metric
 * series. Reading a report needs viewer in the environments of its hosts; the list needs viewer
 * somewhere; an inspection needs operator in the environments of its targets.
 */
record ReportRoutes(ServerContext sc, ReportStore reports, MetricStore samples) {
    static final Duration DEFAULT_SERIES = Duration.ofHours(1);

    void register(Api api) {
        api.get("/reports", this::list);
        api.get("/reports/{id}.html", this::html);
        api.get("/reports/{id}", this::json);
        api.post("/inspections/run", "inspection.run", this::run);
        api.get("/hosts/{name}/metrics", this::series);
    }

    private void list(Context ctx) {
        Principal p = sc.principal(ctx);
        sc.requireAnywhere(p, Role.VIEWER);
        int limit = RunRoutes.limit(ctx);
        int offset = number(ctx, "offset", 0);
        List<ReportEntry> page = reports.list(ctx.queryParam("inspection"), limit, offset);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReportEntry e : sc.readableReports(p, page, reports)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("inspection", e.inspection());
            m.put("startedAt", e.startedAt().toString());
            m.put("finishedAt", e.finishedAt().toString());
            m.put("hosts", e.hosts());
            m.put("passed", e.passed());
            m.put("warned", e.warned());
            m.put("failed", e.failed());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reports", out);
        body.put("next", page.size() == limit ? offset + limit : null);
        sc.respond(ctx, 200, body);
    }

    private void json(Context ctx) {
        String id = ctx.pathParam("id");
        if (id.endsWith(".html")) { // a router that matched the plain route first still serves the page
            html(ctx, id.substring(0, id.length() - ".html".length()));
            return;
        }
        ctx.status(200).contentType("application/json").result(ReportJson.write(readable(ctx, id), false));
    }

    private void html(Context ctx) {
        html(ctx, ctx.pathParam("id"));
    }

    private void html(Context ctx, String id) {
        Report r = readable(ctx, id);
        ctx.header("Content-Disposition", "attachment; filename=\"report-" + r.id() + ".html\"");
        ctx.status(200).contentType("text/html; charset=utf-8").result(ReportHtml.render(r));
    }

    /** The report, when the caller may read every environment its hosts are in. */
    private Report readable(Context ctx, String id) {
        Principal p = sc.principal(ctx);
        Report r = reports.get(id).orElseThrow(() -> ApiError.notFound("no report " + id));
        sc.require(p, Role.VIEWER, sc.environmentsOf(r), "read this report");
        return r;
    }

    private void run(Context ctx) {
        Principal p = sc.principal(ctx);
        String path = RunRoutes.text(sc.body(ctx), "inspection");
        sc.auditTargets(ctx, "inspection " + path);
        Inspection inspection = sc.targets().inspection(path);
        Set<String> envs = RunTargets.environments(sc.targets().inspectionHosts(inspection));
        sc.auditEnvironments(ctx, envs);
        sc.require(p, Role.OPERATOR, envs, "run inspections");
        String id = sc.store().runs().enqueue(new RunRequest("inspection", inspection.targets(), "inspect " + path,
                Map.of("inspection", path), String.join(",", envs), p.name(), null));
        sc.auditTargets(ctx, "inspection " + path + " run " + id);
        sc.engine().ifPresent(e -> e.wake());
        sc.respond(ctx, 202, Map.of("id", id, "status", "queued"));
    }

    /** One host's samples between from and to (ISO-8601 instants; default the last hour), oldest first. */
    private void series(Context ctx) {
        Principal p = sc.principal(ctx);
        String name = ctx.pathParam("name");
        Host host = sc.inventory().host(name).orElseThrow(() -> ApiError.notFound("no host " + name));
        sc.require(p, Role.VIEWER, RunTargets.environments(List.of(host)), "read this host");
        Instant to = instant(ctx, "to", sc.clock().instant());
        Instant from = instant(ctx, "from", to.minus(DEFAULT_SERIES));
        if (from.isAfter(to)) {
            throw ApiError.badRequest("from must not be after to");
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (MetricSample s : samples.series(name, from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", s.at().toString());
            m.put("up", s.up());
            m.put("cpuPercent", s.cpuPercent());
            m.put("memPercent", s.memPercent());
            m.put("diskPercent", s.diskPercent());
            m.put("load1", s.load1());
            m.put("netRxBps", s.netRxBps());
            m.put("netTxBps", s.netTxBps());
            points.add(m);
        }
        sc.respond(ctx, 200, Map.of("host", name, "from", from.toString(), "to", to.toString(), "samples", points));
    }

    private static Instant instant(Context ctx, String param, Instant fallback) {
        String text = ctx.queryParam(param);
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(param + " must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, got " + text);
        }
    }

    private static int number(Context ctx, String param, int fallback) {
        String text = ctx.queryParam(param);
        try {
            int n = text == null ? fallback : Integer.parseInt(text);
            if (n < 0) {
                throw ApiError.badRequest(param + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(param + " must be a number, got " + text);
        }
    }
}
