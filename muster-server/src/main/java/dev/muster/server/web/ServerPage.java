package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ServerContext;
import dev.muster.server.store.Database;
import dev.muster.server.store.PoolSettings;
import dev.muster.server.store.PoolState;
import dev.muster.server.store.RunStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /server}: this server's store and its connection pool (the figures {@code /metrics}
 * gives as {@code hikaricp_*}), runs in the store by status and the runs executing here.
 */
record ServerPage(ServerContext sc) {
    void register(RoutesConfig r) {
        r.get("/server", this::page);
    }

    private void page(Context ctx) {
        Optional<Principal> p = Dashboard.login(sc, ctx);
        if (p.isEmpty()) {
            return;
        }
        // counts over every environment and the store's address: for those who see every environment
        sc.require(p.get(), Role.VIEWER, java.util.Set.of(dev.muster.server.store.Grants.ANY_ENVIRONMENT),
                "see the server's store and runs");
        Database db = sc.store().database();
        PoolState pool = db.poolState();
        PoolSettings limits = db.poolSettings();
        StringBuilder sb = new StringBuilder(4096).append("<h1>Server</h1>");
        if (pool.down() != null) {
            sb.append("<p class=alert id=store-down>The store is unavailable: ").append(Html.esc(pool.down()))
                    .append(". Requests fail with 503 until it is back.</p>");
        }
        sb.append("<h2>Store</h2><table id=store>");
        row(sb, "database", db.dialect().key() + " " + db);
        row(sb, "pool", "at most " + limits.maxSize() + ", at least " + limits.minIdle() + " idle; wait at most "
                + limits.connectionTimeout().toMillis() + " ms");
        sb.append("</table><h2>Connection pool</h2><table id=pool>");
        row(sb, "active", pool.active());
        row(sb, "idle", pool.idle());
        row(sb, "waiting threads", pool.waiting());
        row(sb, "open / most", pool.total() + " / " + pool.max());
        row(sb, "lent since start", pool.acquired());
        row(sb, "had to wait (every connection busy)", pool.waited());
        row(sb, "longest wait", String.format("%.1f ms", pool.maxWaitMs()));
        row(sb, "no connection (timeouts, store down)", pool.timeouts());
        sb.append("</table><p>The same as <code>hikaricp_connections_*</code> in <a href=\"/metrics\">/metrics</a>; "
                + "waits are also logged.</p><h2>Runs</h2><table id=runs>");
        Map<RunStatus, Long> counts = sc.store().queue().countByStatus();
        for (RunStatus s : RunStatus.values()) {
            row(sb, s.key(), counts.getOrDefault(s, 0L));
        }
        row(sb, "executing on this server", sc.engine().map(e -> e.activeRuns()).orElse(0));
        sb.append("</table>");
        Html.send(ctx, 200, "Server", p.get(), sb);
    }

    private static void row(StringBuilder sb, String name, Object value) {
        sb.append("<tr><th>").append(Html.esc(name)).append("</th><td>").append(Html.esc(value)).append("</td></tr>");
    }
}
