/**
 * The server over HTTP: {@link dev.muster.server.http.MusterServer#start} takes a
 * {@link dev.muster.server.http.ServerConfig} (store, inventory, engine settings with the
 * transport and plan step factories from the CLI, listen address, TLS, plans directory) and
 * serves the JSON API under {@code /api/v1} (described by {@code openapi.json} beside these
 * classes, which a test keeps in step with the registered routes), {@code /login} and
 * {@code /logout}, {@code /metrics}, and the routes of any
 * {@link dev.muster.server.http.ServerExtension} (the dashboard). Handlers share a
 * {@link dev.muster.server.http.ServerContext}. API callers authenticate with a bearer token or
 * a session cookie (plus {@code X-CSRF-Token} on writes); form POSTs outside the API need the
 * session's CSRF token in field {@code _csrf}. Every mutating API call is audited.
 */
package dev.muster.server.http;
