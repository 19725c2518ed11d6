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

    /** A small standalone page for an error a browser asked for (not an API call). */
    static String errorPage(int status, String message) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + status + " · muster</title>"
                + "<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
                + "h1{font-size:1.3em;color:#b42318}</style></head><body><h1>" + status + " " + escape(reason(status))
                + "</h1><p>" + escape(message) + "</p><p><a href=\"/\">Back to the fleet</a></p></body></html>";
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
