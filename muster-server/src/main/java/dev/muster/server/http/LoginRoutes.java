package dev.muster.server.http;

import dev.muster.server.auth.Authenticator;
import dev.muster.server.auth.Principal;
import dev.muster.server.store.Sessions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The dashboard's login and logout, and the CSRF check every form POST outside the API passes.
 * Before a session exists the login form is protected by a double-submit cookie; after, every
 * form carries the session's own CSRF token in field {@value #CSRF_FIELD}.
 */
final class LoginRoutes {
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String LOGIN_COOKIE = "muster_login";

    private final ServerContext sc;
    private final SecureRandom random = new SecureRandom();
    private final LoginThrottle throttle;

    LoginRoutes(ServerContext sc) {
        this.sc = sc;
        this.throttle = new LoginThrottle(sc.clock());
    }

    void register(RoutesConfig routes, boolean homePage) {
        routes.get("/login", this::form);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        if (homePage) {
            routes.get("/", ctx -> {
                Optional<Principal> p = sc.sessionPrincipal(ctx);
                if (p.isEmpty()) {
                    ctx.redirect("/login");
                    return;
                }
                page(ctx, 200, "<p>Logged in as " + html(p.get().name()) + ".</p>"
                        + "<form method=post action=/logout><input type=hidden name=" + CSRF_FIELD + " value=\""
                        + p.get().csrf() + "\"><button>Log out</button></form>");
            });
        }
    }

    /** Form POSTs (not the API, not the login itself) need a session and its CSRF token. */
    void checkForm(Context ctx) {
        if (!ctx.method().name().equals("POST") || ctx.path().startsWith(Api.PREFIX) || ctx.path().equals("/login")) {
            return;
        }
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String sent = ctx.formParam(CSRF_FIELD);
        if (!same(p.csrf(), sent == null ? ctx.header(CSRF_HEADER) : sent)) {
            throw ApiError.forbidden("missing or wrong CSRF token");
        }
    }

    private void form(Context ctx) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        cookie(ctx, LOGIN_COOKIE, token, 600);
        page(ctx, 200, loginForm(token, ""));
    }

    private void login(Context ctx) {
        String sent = ctx.formParam(CSRF_FIELD);
        if (!same(ctx.cookie(LOGIN_COOKIE), sent)) {
            throw ApiError.forbidden("missing or wrong CSRF token: reload the login page");
        }
        String user = ctx.formParam("user");
        String password = ctx.formParam("password");
        String address = ctx.ip();
        java.time.Duration wait = throttle.wait(String.valueOf(user), address);
        if (!wait.isZero()) {
            sc.store().audit().append(user == null ? "anonymous" : user, "session.login", user, "throttled", address);
            ctx.header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
            page(ctx, 429, loginForm(sent, "<p role=alert>Too many failed logins: try again in "
                    + Math.max(1, wait.toMinutes()) + " min.</p>"));
            return;
        }
        boolean plausible = user != null && password != null && user.length() <= 200
                && user.codePoints().noneMatch(Character::isISOControl);
        if (!plausible || !sc.store().users().verify(user, password.toCharArray())) {
            throttle.failed(String.valueOf(user), address);
            sc.store().audit().append(user == null ? "anonymous" : user, "session.login", user, "denied", null);
            page(ctx, 401, loginForm(sent, "<p role=alert>Wrong user or password.</p>"));
            return;
        }
        throttle.succeeded(user, address);
        Sessions.Opened opened = sc.store().sessions().open(user, Sessions.DEFAULT_LIFETIME);
        sc.store().audit().append(user, "session.login", user, "ok", null);
        cookie(ctx, LOGIN_COOKIE, "", 0);
        cookie(ctx, Authenticator.SESSION_COOKIE, opened.cookie(), (int) Sessions.DEFAULT_LIFETIME.toSeconds());
        ctx.redirect("/");
    }

    private void logout(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized); // CSRF checked before
        sc.store().sessions().close(ctx.cookie(Authenticator.SESSION_COOKIE));
        sc.store().audit().append(p.name(), "session.logout", p.name(), "ok", null);
        cookie(ctx, Authenticator.SESSION_COOKIE, "", 0);
        ctx.redirect("/login");
    }

    private void cookie(Context ctx, String name, String value, int maxAge) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict" + (sc.tls() ? "; Secure" : ""));
    }

    /** Equal and not empty, compared in constant time (no timing tells how much of a token was right). */
    static boolean same(String expected, String sent) {
        return expected != null && sent != null && !expected.isEmpty() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private static String loginForm(String csrf, String message) {
        return "<h1>muster</h1>" + message + "<form method=post action=/login>"
                + "<input type=hidden name=" + CSRF_FIELD + " value=\"" + html(csrf) + "\">"
                + "<label>User <input name=user autocomplete=username required></label> "
                + "<label>Password <input name=password type=password autocomplete=current-password required></label> "
                + "<button>Log in</button></form>";
    }

    private static void page(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").result("<!doctype html><html lang=en><head>"
                + "<meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\">"
                + HtmlText.FAVICON + "<title>muster</title></head><body><main>" + body + "</main></body></html>");
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
