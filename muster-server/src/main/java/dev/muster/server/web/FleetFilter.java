package dev.muster.server.web;

import dev.muster.core.inventory.Host;
import dev.muster.server.engine.RunTargets;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet page's filters, read from its query: {@code q} (words that must each appear in the
 * host's name, environment, a group or a {@code key=value} label; case-insensitive), {@code env},
 * {@code group}, {@code state} (a health key) and {@code page}. Links built here keep them all.
 */
record FleetFilter(String q, String env, String group, String state, int page) {
    static FleetFilter of(Context ctx) {
        return new FleetFilter(text(ctx, "q"), text(ctx, "env"), text(ctx, "group"), text(ctx, "state"),
                Dashboard.number(ctx, "page"));
    }

    private static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.strip();
    }

    /** Whether the host passes search, environment and group (the state is checked by the caller). */
    boolean matches(Host h) {
        String environment = environment(h);
        if (!env.isEmpty() && !env.equals(environment)) {
            return false;
        }
        if (!group.isEmpty() && !h.groups().contains(group)) {
            return false;
        }
        if (q.isEmpty()) {
            return true;
        }
        StringBuilder hay = new StringBuilder(h.name()).append(' ').append(environment);
        h.groups().forEach(g -> hay.append(' ').append(g));
        labels(h.labels()).forEach(l -> hay.append(' ').append(l));
        String text = hay.toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+")).allMatch(text::contains);
    }

    boolean filtered() {
        return !q.isEmpty() || !env.isEmpty() || !group.isEmpty() || !state.isEmpty();
    }

    static String environment(Host h) {
        return h.environment() == null ? RunTargets.DEFAULT_ENVIRONMENT : h.environment();
    }

    /** Labels as {@code key=value}, sorted by key. */
    static List<String> labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }

    /** The page's link (escaped for an attribute) with these filters, the given state and page. */
    String link(String withState, int withPage) {
        StringBuilder sb = new StringBuilder("/");
        param(sb, "q", q);
        param(sb, "env", env);
        param(sb, "group", group);
        param(sb, "state", withState);
        if (withPage > 0) {
            param(sb, "page", Integer.toString(withPage));
        }
        return Html.esc(sb.toString());
    }

    private static void param(StringBuilder sb, String name, String value) {
        if (!value.isEmpty()) {
            sb.append(sb.length() == 1 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
