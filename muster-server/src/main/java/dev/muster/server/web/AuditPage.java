package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.RunSearch;
import dev.muster.server.http.ServerContext;
import dev.muster.server.store.AuditEntry;
import dev.muster.server.store.Grants;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /audit}: the audit log, newest first, filtered by actor, action, result, text, environment
 * and time (from, to: UTC), as far
 * as the viewer may read it (the API's rule: entries about environments they view; entries about
 * none in particular, such as logins and grants, only for viewers of every environment). One page
 * scans at most {@link #SCAN} entries, so a rare filter pages on instead of reading the whole log.
 */
record AuditPage(ServerContext sc) {
    static final int PAGE = 100;
    static final int SCAN = 2_000;

    void register(RoutesConfig r) {
        r.get("/audit", this::page);
    }

    /** Each part null when not asked for; text parts lower case; {@code to} excludes its instant. */
    private record Filter(String actor, String action, String result, String text, String env, Instant from,
                          Instant to) {
        boolean matches(AuditEntry e) {
            return has(e.actor(), actor) && has(e.action(), action) && has(e.result(), result)
                    && (text == null || has(e.targets(), text) || has(e.detail(), text))
                    && (env == null || e.environments().stream().anyMatch(x -> x.equalsIgnoreCase(env)))
                    && (from == null || !e.at().isBefore(from)) && (to == null || e.at().isBefore(to));
        }

        private static boolean has(String value, String wanted) {
            return wanted == null || (value != null && value.toLowerCase(Locale.ROOT).contains(wanted));
        }

        boolean any() {
            return actor != null || action != null || result != null || text != null || env != null || from != null
                    || to != null;
        }
    }

    private void page(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isEmpty()) {
            return;
        }
        Principal p = login.get();
        sc.requireAnywhere(p, Role.VIEWER);
        Filter f = new Filter(param(ctx, "actor"), param(ctx, "action"), param(ctx, "result"), param(ctx, "q"),
                param(ctx, "env"), RunSearch.time(ctx.queryParam("from"), "from"), RunSearch.time(ctx.queryParam("to"), "to"));
        long before = Long.MAX_VALUE;
        try {
            String b = ctx.queryParam("before");
            before = b == null ? before : Long.parseLong(b);
        } catch (NumberFormatException e) {
            before = Long.MAX_VALUE; // a bad cursor starts from the newest
        }
        boolean everything = p.may(Role.VIEWER, Set.of(Grants.ANY_ENVIRONMENT));
        List<AuditEntry> shown = new ArrayList<>();
        int scanned = 0;
        long cursor = before;
        boolean full = false;
        while (shown.size() < PAGE && scanned < SCAN) {
            List<AuditEntry> batch = sc.store().audit().before(cursor, 200);
            full = batch.size() == 200;
            for (AuditEntry e : batch) {
                scanned++;
                cursor = e.id();
                if (f.from() != null && e.at().isBefore(f.from())) {
                    full = false; // newest first: nothing older can match
                    break;
                }
                boolean visible = everything || (!e.environments().isEmpty() && p.may(Role.VIEWER, e.environments()));
                if (visible && f.matches(e)) {
                    shown.add(e);
                    if (shown.size() == PAGE) {
                        break;
                    }
                }
            }
            if (!full) {
                break;
            }
        }
        boolean more = full || shown.size() == PAGE;
        StringBuilder sb = new StringBuilder(16_384).append("<h1>Audit log</h1>");
        sb.append("<form method=get action=\"/audit\" id=filters role=search aria-label=\"Filter the audit log\">");
        input(sb, "actor", "Who", f.actor());
        input(sb, "action", "Action", f.action());
        input(sb, "result", "Result", f.result());
        input(sb, "q", "Target or detail", f.text());
        input(sb, "env", "Environment", f.env());
        input(sb, "from", "From (UTC)", f.from() == null ? null : f.from().toString());
        input(sb, "to", "To (UTC)", f.to() == null ? null : f.to().toString());
        sb.append("<button>Filter</button>").append(f.any() ? " <a href=\"/audit\">Clear</a>" : "").append("</form>");
        sb.append("<div class=scroll><table id=audit><caption class=sr>Audit log, newest first</caption><thead><tr>"
                + "<th scope=col>when</th><th scope=col>who</th><th scope=col>action</th><th scope=col>targets</th>"
                + "<th scope=col>result</th><th scope=col>detail</th><th scope=col>environments</th></tr></thead><tbody>");
        for (AuditEntry e : shown) {
            sb.append("<tr data-id=").append(e.id()).append("><td>").append(Html.esc(e.at())).append("</td><td>")
                    .append(Html.esc(e.actor())).append("</td><td>").append(Html.esc(e.action())).append("</td><td>")
                    .append(Html.esc(e.targets() == null ? "" : e.targets())).append("</td><td class=\"")
                    .append(e.result().startsWith("ok") ? "ok" : "failed").append("\">").append(Html.esc(e.result()))
                    .append("</td><td>").append(Html.esc(e.detail() == null ? "" : e.detail())).append("</td><td>")
                    .append(Html.esc(String.join(", ", e.environments()))).append("</td></tr>");
        }
        if (shown.isEmpty()) {
            sb.append("<tr><td colspan=7 class=empty>").append(f.any() ? "No entries match these filters"
                    : "No entries you may read").append(more ? " in this stretch of the log: look at older ones." : ".")
                    .append("</td></tr>");
        }
        sb.append("</tbody></table></div><nav aria-label=\"Audit pages\" class=pages>");
        if (before != Long.MAX_VALUE) {
            sb.append("<a href=\"/audit").append(query(f, null)).append("\">Newest</a> ");
        }
        if (more) {
            sb.append("<a rel=next id=older href=\"/audit").append(query(f, cursor)).append("\">Older entries</a>");
        }
        Html.send(ctx, 200, "Audit log", p, sb.append("</nav>"));
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.strip().toLowerCase(Locale.ROOT);
    }

    private static void input(StringBuilder sb, String name, String label, String value) {
        sb.append("<label>").append(label).append(" <input name=").append(name).append(" size=12 value=\"")
                .append(Html.esc(value == null ? "" : value)).append("\"></label> ");
    }

    private static String query(Filter f, Long before) {
        StringBuilder sb = new StringBuilder();
        add(sb, "actor", f.actor());
        add(sb, "action", f.action());
        add(sb, "result", f.result());
        add(sb, "q", f.text());
        add(sb, "env", f.env());
        add(sb, "from", f.from() == null ? null : f.from().toString());
        add(sb, "to", f.to() == null ? null : f.to().toString());
        add(sb, "before", before == null ? null : before.toString());
        return sb.isEmpty() ? "" : "?" + sb.substring(5);
    }

    private static void add(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append("&amp;").append(key).append('=').append(Html.seg(value));
        }
    }
}
