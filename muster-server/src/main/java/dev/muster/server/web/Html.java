package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HTML escaping and the pages' frame. Every value from the store or a host goes through {@link #esc}. */
final class Html {
    static final String CSRF_FIELD = "_csrf";

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}
            nav{background:#1f2933;padding:.5em 1em}nav a{color:#e4e7eb;margin-right:1.2em;text-decoration:none}
            nav form{display:inline;float:right}nav span{color:#9aa5b1;float:right;margin-right:1em}
            main{padding:1em 1.5em}table{border-collapse:collapse}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;
            text-align:left;vertical-align:top}pre{background:#f5f7fa;padding:.6em;overflow:auto;max-height:30em}
            .ok,.finished,.pass,.up{color:#1b7f3b}.failed,.unreachable,.fail,.down,.failing,.interrupted{color:#b42318}.changed,.warn,.stale{color:#b54708}
            .running,.queued{color:#175cd3}.alert{background:#fef3f2;border:1px solid #b42318;padding:.5em}
            .heat{display:grid;grid-template-columns:repeat(auto-fill,14px);gap:2px}
            .heat a{display:flex;flex-direction:column;width:14px;height:14px}.heat i{flex:1}
            .l0{background:#d1fadf}.l1{background:#a6f4c5}.l2{background:#6ce9a6}.l3{background:#32d583}.l4{background:#fde272}
            .l5{background:#fec84b}.l6{background:#fdb022}.l7{background:#f79009}.l8{background:#f04438}.l9{background:#b42318}
            .nd{background:#e4e7eb}.dn{background:#101828}.pf{background:repeating-linear-gradient(45deg,#fdb022 0 2px,#fff 2px 4px)}
            .probe-failed{color:#b54708}.counts span{margin-right:1.5em;font-weight:600}
            svg.chart{background:#f5f7fa;margin:.3em 1em .3em 0}svg.chart polyline{fill:none;stroke:#175cd3;stroke-width:1.5}
            """;

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String esc(Object value) {
        return dev.muster.server.http.HtmlText.escape(value);
    }

    /** A path segment (host names, run ids) percent-encoded, then escaped for an attribute. */
    static String seg(String value) {
        return esc(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** A hidden field carrying the session's CSRF token. */
    static String csrf(Principal p) {
        return "<input type=hidden name=" + CSRF_FIELD + " value=\"" + esc(p.csrf()) + "\">";
    }

    static void send(Context ctx, int status, String title, Principal p, CharSequence body) {
        StringBuilder sb = new StringBuilder(body.length() + 2048);
        sb.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>").append(esc(title))
                .append(" · muster</title><style>").append(CSS).append("</style></head><body><nav>")
                .append("<a href=\"/\">Fleet</a><a href=\"/runs\">Runs</a><a href=\"/approvals\">Approvals</a>")
                .append("<a href=\"/schedules\">Schedules</a><a href=\"/reports\">Reports</a>")
                .append("<a href=\"/server\">Server</a>")
                .append("<form method=post action=\"/logout\">").append(csrf(p))
                .append("<button>Log out</button></form><span>").append(esc(p.name())).append("</span></nav><main>")
                .append(body).append("</main></body></html>");
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(dev.muster.server.http.SecurityHeaders.withNonce(ctx, sb.toString()));
    }
}
