package dev.muster.server.http;

/** HTML escaping for everything the server renders: pages, and error pages for browsers. */
public final class HtmlText {
    private HtmlText() {
    }

    /** Escapes text for element content and quoted attribute values. */
    public static String escape(Object value) {
        String s = value == null ? "" : value.toString();
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            String r = switch (s.charAt(i)) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (r == null) {
                    sb.append(s.charAt(i));
                } else {
                    sb.append(r);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** A small SVG favicon inline (the CSP allows data: images), so no /favicon.ico is asked for. */
    public static final String FAVICON = "<link rel=icon href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
            + "viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%231f2933'/%3E%3Cpath d='M3 12V4l5 5 "
            + "5-5v8' stroke='%2384caff' stroke-width='2' fill='none'/%3E%3C/svg%3E\">";

    /** A small standalone page for an error a browser asked for (not an API call). */
    static String errorPage(int status, String message) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\">" + FAVICON + "<title>" + status
                + " · muster</title>"
                + "<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
                + "h1{font-size:1.3em;color:#b42318}</style></head><body><h1>" + status + " " + escape(reason(status))
                + "</h1><main><p>" + escape(message) + "</p><p><a href=\"/\">Back to the fleet</a></p></main></body></html>";
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not logged in";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Error";
        };
    }
}
