package dev.muster.server.http;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Headers every response carries: no sniffing of content types, no framing (clickjacking), no
 * referrer, and a Content-Security-Policy under which a page runs only the scripts it was rendered
 * with (each carries this response's nonce), loads nothing from elsewhere, and posts forms only
 * to this server. Styles may be inline (the pages' own; no script runs from a style).
 */
public final class SecurityHeaders {
    static final String NONCE = "muster.csp.nonce";
    static final String STARTED = "muster.started";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        String nonce = Base64.getEncoder().encodeToString(b);
        ctx.attribute(NONCE, nonce);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; "
                + "style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'");
    }

    /**
     * Says how long the server took to build this answer ({@code Server-Timing: app;dur=MS}), for
     * bench/server.sh and a browser's network panel; called when the answer is ready to send.
     */
    public static void serverTiming(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started != null) {
            ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.1f",
                    (System.nanoTime() - started) / 1e6));
        }
    }

    /**
     * {@code html} with this response's nonce on each {@code <script>} tag written literally by the
     * server; text from hosts and the store is escaped before it gets here, so it cannot add one.
     */
    public static String withNonce(Context ctx, String html) {
        String nonce = ctx.attribute(NONCE);
        return nonce == null ? html : html.replace("<script>", "<script nonce=\"" + nonce + "\">");
    }
}
