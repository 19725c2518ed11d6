package dev.muster.files.template;

import java.util.Optional;

/**
 * A template could not be rendered for one host: an undefined variable or attribute, an unknown
 * filter or function, a value of the wrong type. A per-host failure (another host with other
 * variables may render fine); nothing is written for this host.
 */
public final class RenderException extends Exception {
    private final String template;
    private final int line;
    private final String name;
    private final String host;
    private final String reason;

    /**
     * @param template the template file the problem is in, as the user wrote its path
     * @param line     1-based line, or 0 when unknown
     * @param name     the undefined variable, attribute, filter or function, or null
     * @param host     the host being rendered for
     * @param reason   what went wrong, e.g. "undefined variable 'http_port'"
     */
    public RenderException(String template, int line, String name, String host, String reason, Throwable cause) {
        super(format(template, line, host, reason), cause);
        this.template = template;
        this.line = line;
        this.name = name;
        this.host = host;
        this.reason = reason;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }

    /** The undefined variable or attribute, or the unknown filter or function, when that was the problem. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public String host() {
        return host;
    }

    /** What went wrong, without the location and host. */
    public String reason() {
        return reason;
    }

    private static String format(String template, int line, String host, String reason) {
        return template + (line > 0 ? ":" + line : "") + ": " + reason + " (host " + host + ")";
    }
}
