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
            header nav{background:#1f2933;padding:.5em 1em;display:flex;flex-wrap:wrap;align-items:center;gap:.3em 1.2em}
            header nav a{color:#e4e7eb;text-decoration:none;padding:.2em 0}header nav a[aria-current]{color:#fff;
            border-bottom:2px solid #84caff;font-weight:600}header nav form{margin-left:auto}header nav span{color:#9aa5b1}
            .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
            .scroll{overflow-x:auto;max-width:100%;position:relative}table{position:relative}.empty{color:#52606d;font-style:italic}
            .badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-weight:600;border:1px solid currentColor}
            .badge.ok{color:#1b7f3b}.badge.failed{color:#fff;background:#b42318}.badge.partial{color:#fff;background:#dc6803}
            .badge.cancelled{color:#475467;background:#eaecf0}.hs.pending{color:#667085}.hs.not-run{color:#667085}
            .cancelled{color:#475467}form#filters,form#start{margin:.5em 0;display:flex;flex-wrap:wrap;gap:.4em;align-items:end}
            nav.pages a{margin-right:1em}form.inline{display:inline}#schedule-form{display:flex;flex-wrap:wrap;gap:.4em}
            main{padding:1em 1.5em}table{border-collapse:collapse}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;
            text-align:left;vertical-align:top}pre{background:#f5f7fa;padding:.6em;overflow:auto;max-height:30em}
            .ok,.finished,.pass,.up{color:#1b7f3b}.failed,.unreachable,.fail,.down,.failing,.interrupted{color:#b42318}.changed,.warn,.stale{color:#b54708}
            .running,.queued{color:#175cd3}.alert{background:#fef3f2;border:1px solid #b42318;padding:.5em}
            .heat{display:grid;grid-template-columns:repeat(auto-fill,minmax(7em,1fr));gap:3px;margin:.5em 0}
            .heat a{display:block;font-size:11px;line-height:1.3;color:#222;text-decoration:none;border:1px solid #d0d5dd;
            padding:1px 3px}.heat span{display:block;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
            .heat b{display:flex;height:7px}.heat i{flex:1}
            .l0{background:#d1fadf}.l1{background:#a6f4c5}.l2{background:#6ce9a6}.l3{background:#32d583}.l4{background:#fde272}
            .l5{background:#fec84b}.l6{background:#fdb022}.l7{background:#f79009}.l8{background:#f04438}.l9{background:#b42318}
            .nd{background:#e4e7eb}.dn{background:#101828}.pf{background:repeating-linear-gradient(45deg,#fdb022 0 2px,#fff 2px 4px)}
            .probe-failed{color:#b54708}.counts a{margin-right:1.5em;font-weight:600}.counts a[aria-current]{text-decoration:underline double}
            svg.chart{background:#f5f7fa;max-width:100%;height:auto}svg.chart polyline{fill:none;stroke:#175cd3;stroke-width:1.5}
            svg.chart text{font-size:10px;fill:#52606d}svg.chart .axis{stroke:#9aa5b1}svg.chart circle{fill:transparent}
            svg.chart circle:hover{fill:#175cd3}.charts{display:flex;flex-wrap:wrap;gap:1em}.chartbox{margin:0;max-width:100%}
            nav.pages a[aria-current]{font-weight:700;text-decoration:none;color:#222}
            p.cut{color:#b54708;font-style:italic;margin:0}#stream summary{font-weight:600}form.decide{margin:.3em 0}
            @media (max-width:600px){main{padding:.6em}td,th{padding:.2em .3em}input[size]{width:100%}
            table{display:block;overflow-x:auto;max-width:100%}pre{white-space:pre-wrap;word-break:break-all}
            form#filters label,form#start label{flex:1 1 45%}}
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

    /** The top navigation: path and label; a page under a path marks its link aria-current. */
    private static final String[][] NAV = {{"/", "Fleet"}, {"/runs", "Runs"}, {"/approvals", "Approvals"},
            {"/schedules", "Schedules"}, {"/reports", "Reports"}, {"/dead-letters", "Dead letters"}, {"/audit", "Audit"},
            {"/server", "Server"}, {"/tokens", "Tokens"}, {"/users", "Users"}};

    static final String FAVICON = dev.muster.server.http.HtmlText.FAVICON;

    static void send(Context ctx, int status, String title, Principal p, CharSequence body) {
        StringBuilder sb = new StringBuilder(body.length() + 4096);
        sb.append("<!doctype html><html lang=en><head><meta charset=utf-8>")
                .append("<meta name=viewport content=\"width=device-width, initial-scale=1\">").append(FAVICON)
                .append("<title>").append(esc(title)).append(" · muster</title><style>").append(CSS)
                .append("</style></head><body><header><nav aria-label=Main>");
        String path = ctx.path();
        for (String[] link : NAV) {
            if (link[0].equals("/tokens") && !p.holdsAnywhere(dev.muster.server.auth.Role.ADMIN)
                    || link[0].equals("/users") && !p.may(dev.muster.server.auth.Role.ADMIN,
                    java.util.Set.of(dev.muster.server.store.Grants.ANY_ENVIRONMENT))) {
                continue; // admin pages are linked for admins only
            }
            boolean current = link[0].equals("/") ? path.equals("/") || path.startsWith("/hosts/")
                    : path.equals(link[0]) || path.startsWith(link[0] + "/");
            sb.append("<a href=\"").append(link[0]).append('"').append(current ? " aria-current=page" : "").append('>')
                    .append(link[1]).append("</a>");
        }
        sb.append("<form method=post action=\"/logout\">").append(csrf(p))
                .append("<span>").append(esc(p.name())).append("</span> <button>Log out</button></form></nav></header><main>")
                .append(body).append("</main></body></html>");
        String page = dev.muster.server.http.SecurityHeaders.withNonce(ctx, sb.toString());
        dev.muster.server.http.SecurityHeaders.serverTiming(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(page);
    }
}
