package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.http.ServerContext;
import dev.muster.server.http.ServerExtension;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.metrics.MetricStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The web dashboard: server-rendered pages over the same store, engine and access rules as the
 * API. Every page needs a login session; a page without one redirects to {@code /login}.
 */
public final class Dashboard implements ServerExtension {
    @Override
    public void register(RoutesConfig routes, ServerContext sc) {
        MetricStore metrics = new MetricStore(sc.store(), sc.clock());
        ReportStore reports = new ReportStore(sc.store(), sc.clock());
        RunQueries queries = new RunQueries(sc.store());
        new FleetPage(sc, new HeatCells(sc.store()), reports, queries).register(routes);
        new RunPages(sc, queries).register(routes);
        new HostPage(sc, metrics, queries).register(routes);
        new ListPages(sc, reports, queries).register(routes);
        new ServerPage(sc).register(routes);
        new AuditPage(sc).register(routes);
        new DeadLetterPage(sc).register(routes);
        new SchedulePages(sc).register(routes);
        new TokenPages(sc).register(routes);
        new UserPages(sc).register(routes);
    }

    /** The session's principal, or empty after redirecting to the login form. */
    static Optional<Principal> login(ServerContext sc, Context ctx) {
        Optional<Principal> p = sc.sessionPrincipal(ctx);
        if (p.isEmpty()) {
            ctx.redirect("/login");
        }
        return p;
    }

    /** A page query parameter as a number at least 0 (bad input reads as 0). */
    static int number(Context ctx, String name) {
        try {
            return Math.max(0, Integer.parseInt(ctx.queryParam(name)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
