package dev.muster.server.inspect;

import java.util.List;

/**
 * A report as one self-contained HTML page: inline CSS, no scripts, no external assets, so it can
 * be downloaded, mailed or served as is. Every value from hosts or files is escaped.
 */
public final class ReportHtml {
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.5em 0 .5em}
            .meta{color:#666}table{border-collapse:collapse;width:100%}
            th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.v{font-family:monospace;white-space:pre-wrap}
            .pass{background:#e3f6e5;color:#1b5e20}.warn{background:#fff4d6;color:#8a5a00}
            .fail{background:#fde2e1;color:#b71c1c}.badge{padding:.1em .5em;border-radius:.3em;font-weight:600}
            ul{margin:.2em 0}.counts span{margin-right:1em}
            """;

    private ReportHtml() {
    }

    public static String render(Report r) {
        StringBuilder sb = new StringBuilder(4096 + r.hosts().size() * 512);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape("muster report: " + r.inspection())).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        sb.append("<h1>").append(Html.escape(r.inspection())).append(' ').append(badge(r.status())).append("</h1>\n");
        sb.append("<p class=\"meta\">report ").append(Html.escape(r.id())).append(" · started ")
                .append(Html.escape(r.startedAt().toString())).append(" · finished ")
                .append(Html.escape(r.finishedAt().toString())).append("</p>\n");
        summary(sb, r.summary());
        changes(sb, r.changes());
        hosts(sb, r.hosts());
        return sb.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder sb, Summary s) {
        sb.append("<p class=\"counts\"><span>").append(s.hosts()).append(" hosts</span>")
                .append("<span class=\"badge pass\">").append(s.hostsPassing()).append(" passing</span>")
                .append("<span class=\"badge warn\">").append(s.hostsWarning()).append(" warning</span>")
                .append("<span class=\"badge fail\">").append(s.hostsFailing()).append(" failing</span>")
                .append("<span>checks: ").append(s.passed()).append(" pass, ").append(s.warned()).append(" warn, ")
                .append(s.failed()).append(" fail</span></p>\n");
    }

    private static void changes(StringBuilder sb, Changes c) {
        sb.append("<h2>Changes since the previous report</h2>\n");
        if (c.previousId() == null) {
            sb.append("<p>This is the first report of this inspection: every failure is new.</p>\n");
            changeList(sb, "New failures", "fail", c.newFailures());
            return;
        }
        sb.append("<p class=\"meta\">compared with ").append(Html.escape(c.previousId())).append("</p>\n");
        changeList(sb, "New failures", "fail", c.newFailures());
        changeList(sb, "Recovered", "pass", c.recovered());
        changeList(sb, "Still failing", "fail", c.stillFailing());
    }

    private static void changeList(StringBuilder sb, String title, String css, List<Change> changes) {
        sb.append("<h3>").append(title).append(" (").append(changes.size()).append(")</h3>\n");
        if (changes.isEmpty()) {
            sb.append("<p class=\"meta\">none</p>\n");
            return;
        }
        sb.append("<ul class=\"").append(css).append("\">\n");
        for (Change ch : changes) {
            sb.append("<li><b>").append(Html.escape(ch.host())).append("</b> ").append(Html.escape(ch.check()));
            if (!ch.message().isEmpty()) {
                sb.append(": ").append(Html.escape(ch.message()));
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private static void hosts(StringBuilder sb, List<HostResult> hosts) {
        sb.append("<h2>Hosts</h2>\n<table><thead><tr><th>host</th><th>check</th><th>status</th><th>value</th>")
                .append("<th>message</th></tr></thead><tbody>\n");
        for (HostResult h : hosts) {
            List<CheckResult> checks = h.checks();
            for (int i = 0; i < checks.size(); i++) {
                CheckResult c = checks.get(i);
                sb.append("<tr>");
                if (i == 0) {
                    sb.append("<td rowspan=\"").append(checks.size()).append("\" class=\"").append(h.status().key())
                            .append("\"><b>").append(Html.escape(h.host())).append("</b></td>");
                }
                sb.append("<td>").append(Html.escape(c.check())).append("</td><td>").append(badge(c.status()))
                        .append("</td><td class=\"v\">").append(Html.escape(c.value())).append("</td><td class=\"v\">")
                        .append(Html.escape(c.message())).append("</td></tr>\n");
            }
        }
        sb.append("</tbody></table>\n");
    }

    private static String badge(CheckStatus s) {
        return "<span class=\"badge " + s.key() + "\">" + s.key() + "</span>";
    }
}
