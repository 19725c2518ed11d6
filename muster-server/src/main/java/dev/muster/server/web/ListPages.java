package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ServerContext;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportEntry;
import dev.muster.server.inspect.ReportHtml;
import dev.muster.server.inspect.ReportJson;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.store.StoredRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /reports}, {@code /reports/{id}} (and its downloads), {@code /approvals}. */
record ListPages(ServerContext sc, ReportStore reports, RunQueries queries) {
    static final int PAGE = 50;

    void register(RoutesConfig r) {
        r.get("/reports", this::reports);
        r.get("/reports/{id}", this::report);
        r.get("/reports/{id}/download", this::download);
        r.get("/approvals", this::approvals);
    }

    private Optional<Principal> viewer(Context ctx) {
        Optional<Principal> p = Dashboard.login(sc, ctx);
        p.ifPresent(x -> sc.requireAnywhere(x, Role.VIEWER));
        return p;
    }

    private void reports(Context ctx) {
        Optional<Principal> p = viewer(ctx);
        if (p.isEmpty()) {
            return;
        }
        int page = Dashboard.number(ctx, "page");
        List<ReportEntry> fetched = reports.list(null, PAGE + 1, page * PAGE);
        boolean more = fetched.size() > PAGE;
        List<ReportEntry> list = sc.readableReports(p.get(), fetched.subList(0, Math.min(PAGE, fetched.size())),
                reports);
        StringBuilder sb = new StringBuilder(8192).append("<h1>Reports</h1><table id=reports><tr><th>report</th>"
                + "<th>inspection</th><th>started</th><th>hosts</th><th>pass</th><th>warn</th><th>fail</th></tr>");
        for (ReportEntry e : list.subList(0, Math.min(PAGE, list.size()))) {
            sb.append("<tr><td><a href=\"/reports/").append(Html.seg(e.id())).append("\">").append(Html.esc(e.id()))
                    .append("</a></td><td>").append(Html.esc(e.inspection())).append("</td><td>").append(Html.esc(e.startedAt()))
                    .append("</td><td>").append(e.hosts()).append("</td><td class=pass>").append(e.passed())
                    .append("</td><td class=warn>").append(e.warned()).append("</td><td class=fail>").append(e.failed())
                    .append("</td></tr>");
        }
        if (list.isEmpty()) {
            sb.append("<tr><td colspan=7 class=empty>No inspection reports you may see.</td></tr>");
        }
        sb.append("</table>").append(pager("/reports", page, more));
        Html.send(ctx, 200, "Reports", p.get(), sb);
    }

    /** A report may be read by whoever may view every environment of its hosts. */
    private Optional<Report> readableReport(Context ctx) {
        Optional<Principal> p = viewer(ctx);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        String id = ctx.pathParam("id");
        Report r = reports.get(id).orElseThrow(() -> ApiError.notFound("no report " + id));
        Set<String> envs = sc.environmentsOf(r);
        if (!envs.isEmpty()) {
            sc.require(p.get(), Role.VIEWER, envs, "read this report");
        }
        return Optional.of(r);
    }

    private void report(Context ctx) {
        readableReport(ctx).ifPresent(r -> {
            String links = "<p style=\"font:14px system-ui\"><a href=\"/reports\">All reports</a> · <a href=\"/reports/"
                    + Html.seg(r.id()) + "/download?format=html\">Download HTML</a> · <a href=\"/reports/" + Html.seg(r.id())
                    + "/download?format=json\">Download JSON</a></p>";
            String html = ReportHtml.render(r);
            int body = html.indexOf("<body>") + "<body>".length();
            dev.muster.server.http.SecurityHeaders.serverTiming(ctx);
            ctx.contentType("text/html; charset=utf-8").result(html.substring(0, body) + links + html.substring(body));
        });
    }

    private void download(Context ctx) {
        readableReport(ctx).ifPresent(r -> {
            boolean json = "json".equals(ctx.queryParam("format"));
            String file = r.id().replaceAll("[^A-Za-z0-9._-]", "_") + (json ? ".json" : ".html");
            ctx.header("Content-Disposition", "attachment; filename=\"report-" + file + "\"")
                    .contentType(json ? "application/json" : "text/html; charset=utf-8")
                    .result(json ? ReportJson.write(r, true) : ReportHtml.render(r));
        });
    }

    private void approvals(Context ctx) {
        Optional<Principal> login = viewer(ctx);
        if (login.isEmpty()) {
            return;
        }
        Principal p = login.get();
        StringBuilder sb = new StringBuilder(8192).append("<h1>Waiting for approval</h1><table id=approvals><tr>"
                + "<th>run</th><th>step</th><th>message</th><th>since</th><th><span class=sr>action</span></th></tr>");
        int rows = 0;
        for (RunQueries.Waiting w : queries.waiting(PAGE)) {
            Optional<StoredRun> run = sc.store().runs().get(w.runId());
            if (run.isEmpty() || !p.may(Role.VIEWER, sc.environmentsOf(run.get()))) {
                continue;
            }
            rows++;
            sb.append("<tr><td><a href=\"/runs/").append(Html.seg(w.runId())).append("\">").append(Html.esc(w.runId()))
                    .append("</a></td><td>").append(Html.esc(w.key())).append("</td><td>")
                    .append(Html.esc(sc.inventory().redactor().redact(w.message()))).append("</td><td>")
                    .append(Html.esc(w.since())).append("</td><td>");
            if (p.may(Role.OPERATOR, sc.environmentsOf(run.get()))) {
                DecisionForm.append(sb, p, w.runId(), "/approvals", false);
            }
            sb.append("</td></tr>");
        }
        if (rows == 0) {
            sb.append("<tr><td colspan=5 class=empty>Nothing waits for approval.</td></tr>");
        }
        sb.append("</table><p>Approve lets the plan go on; Deny cancels the run. The note goes to the audit log: "
                + "<a href=\"/audit?action=run.approve\">approvals</a>, <a href=\"/audit?action=run.deny\">denials</a>."
                + "</p>").append(DecisionForm.SCRIPT);
        Html.send(ctx, 200, "Approvals", p, sb);
    }

    private static String pager(String path, int page, boolean more) {
        StringBuilder sb = new StringBuilder("<p>");
        if (page > 0) {
            sb.append("<a rel=prev href=\"").append(path).append("?page=").append(page - 1).append("\">Newer</a> ");
        }
        if (more) {
            sb.append("<a rel=next href=\"").append(path).append("?page=").append(page + 1).append("\">Older</a>");
        }
        return sb.append("</p>").toString();
    }
}
