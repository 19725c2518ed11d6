package dev.muster.server.http;

/**
 * Routes added to the server beside the API, such as the dashboard's pages. Pages authenticate
 * with {@link ServerContext#sessionPrincipal}, and their form POSTs are checked for the
 * session's CSRF token before they run (field {@code _csrf}).
 */
@FunctionalInterface
public interface ServerExtension {
    void register(io.javalin.config.RoutesConfig routes, ServerContext context);
}
