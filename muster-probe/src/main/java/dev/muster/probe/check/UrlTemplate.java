package dev.muster.probe.check;

import dev.muster.core.InputException;
import dev.muster.core.inventory.Host;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A URL (or host:port) with fields filled in per host: {@code {name}}, {@code {address}},
 * {@code {port}} (the host's SSH port), {@code {env}}, {@code {label.KEY}}, or any variable of
 * the host ({@code {http_port}}). Checked before anything runs: bad braces when parsed, unknown
 * fields per host by {@link #render}.
 */
public final class UrlTemplate {
    private final String text;
    private final String option;
    private final List<String> parts;   // literal, field, literal, field, ..., literal

    private UrlTemplate(String text, String option, List<String> parts) {
        this.text = text;
        this.option = option;
        this.parts = parts;
    }

    /** @param option the command-line option it came from, for error messages */
    public static UrlTemplate parse(String text, String option) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw error(option, text, i, "'}' without a matching '{'");
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i);
            if (end < 0) {
                throw error(option, text, i, "'{' is not closed");
            }
            String field = text.substring(i + 1, end).trim();
            if (!field.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw error(option, text, i, "expected a field name like {address} or {name} in braces, found '{"
                        + field + "}'");
            }
            parts.add(literal.toString());
            parts.add(field);
            literal.setLength(0);
            i = end + 1;
        }
        parts.add(literal.toString());
        return new UrlTemplate(text, option, List.copyOf(parts));
    }

    private static InputException error(String option, String text, int at, String what) {
        return new InputException(option, 1, at + 1, what + " in '" + text + "'");
    }

    /** The text for one host; an unknown field is bad input naming the host. */
    public String render(Host host) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            sb.append(i % 2 == 0 ? parts.get(i) : value(host, parts.get(i)));
        }
        return sb.toString();
    }

    /** Renders and checks it is an absolute http(s) URL with a host. */
    public URI renderUrl(Host host) {
        String url = render(host);
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw InputException.option(option, "expected an http:// or https:// URL with a host, found '"
                        + url + "' (host " + host.name() + ")");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw InputException.option(option, "'" + url + "' is not a valid URL (host " + host.name() + "): "
                    + e.getReason());
        }
    }

    private String value(Host host, String field) {
        Object v = switch (field) {
            case "name" -> host.name();
            case "address" -> host.address() == null ? host.name() : host.address();
            case "port" -> host.ssh().portOrDefault();
            case "env" -> host.environment();
            default -> field.startsWith("label.") ? host.labels().get(field.substring(6)) : host.vars().get(field);
        };
        if (v == null) {
            throw InputException.option(option, "unknown field {" + field + "} for host " + host.name()
                    + ": expected name, address, port, env, label.KEY or one of its variables"
                    + varsHint(host.vars()));
        }
        return dev.muster.core.secret.Secret.resolved(v).toString();
    }

    private static String varsHint(Map<String, Object> vars) {
        return vars.isEmpty() ? " (it has none)" : " (" + String.join(", ", new java.util.TreeSet<>(vars.keySet())) + ")";
    }

    @Override
    public String toString() {
        return text;
    }
}
