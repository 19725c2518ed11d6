package dev.muster.probe.check;

import dev.muster.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of one health check, as `muster check` flags or a plan's {@code check:} map give
 * them (the same names, {@code --passing-after} / {@code passing_after}), and the check and
 * thresholds they make. Null means "not given"; {@link #check()} and {@link #thresholds()} apply
 * the defaults. Both the CLI and plans build checks here, so they cannot drift apart.
 *
 * @param from          null for the controller
 * @param ca            PEM file of CAs; checked readable when the check runs from the controller
 * @param criticalAfter null when not given: {@link #thresholds()} uses 1, a gate or wait never
 *                      gives up early
 */
public record CheckOptions(String http, String tcp, String cmd, String method, String expect, String bodyMatches,
                           List<String> headers, Checks.From from, boolean insecure, Path ca, Duration probeTimeout,
                           Integer passingAfter, Integer criticalAfter, Duration interval, Duration window) {

    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public CheckOptions {
        headers = headers == null ? List.of() : List.copyOf(headers);
        from = from == null ? Checks.From.CONTROLLER : from;
    }

    /**
     * Reads a plan's check options, already validated against core's {@code OptionSchema.CHECK}
     * (so types are right); a relative {@code ca} resolves against {@code planDir} unless the
     * check runs on the host, where it is the host's path.
     */
    @SuppressWarnings("unchecked")
    public static CheckOptions of(Map<String, Object> options, Path planDir) {
        Checks.From from = options.containsKey("from") ? from((String) options.get("from"), "from") : null;
        String ca = (String) options.get("ca");
        Path caPath = ca == null ? null : from == Checks.From.HOST ? Path.of(ca) : planDir.resolve(ca).normalize();
        return new CheckOptions((String) options.get("http"), (String) options.get("tcp"), (String) options.get("cmd"),
                (String) options.get("method"), (String) options.get("expect"), (String) options.get("body_matches"),
                (List<String>) options.get("header"), from, Boolean.TRUE.equals(options.get("insecure")), caPath,
                (Duration) options.get("probe_timeout"), (Integer) options.get("passing_after"),
                (Integer) options.get("critical_after"), (Duration) options.get("interval"),
                (Duration) options.get("for"));
    }

    /** {@code controller} or {@code host}; {@code option} names where it was written, for the error. */
    public static Checks.From from(String text, String option) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "controller" -> Checks.From.CONTROLLER;
            case "host" -> Checks.From.HOST;
            default -> throw InputException.option(option, "expected controller or host, found '" + text + "'");
        };
    }

    /** Builds the check; close it when it is AutoCloseable (it may hold an HTTP client). */
    public HealthCheck check() {
        int given = (http != null ? 1 : 0) + (tcp != null ? 1 : 0) + (cmd != null ? 1 : 0);
        if (given != 1) {
            // a plan's options were checked for this when read, so only the command line gets here
            throw InputException.option("command line", "give exactly one of --http URL, --tcp PORT, --cmd CMD");
        }
        Duration timeout = probeTimeout == null ? DEFAULT_PROBE_TIMEOUT : probeTimeout;
        if (cmd != null) {
            return Checks.command(cmd, timeout);
        }
        if (tcp != null) {
            // a bare port: the host's address from here, its loopback from the host itself
            String target = tcp.matches("\\d+") ? (from == Checks.From.HOST ? "127.0.0.1" : "{address}") + ":" + tcp
                    : tcp;
            return Checks.tcp(UrlTemplate.parse(target, "--tcp"), timeout, from);
        }
        if (ca != null && from == Checks.From.CONTROLLER && !Files.isReadable(ca)) {
            throw InputException.option("--ca", "cannot read " + ca);
        }
        List<HeaderMatch> matches = headers.stream().map(HeaderMatch::parse).toList();
        HttpSpec spec = new HttpSpec(method, UrlTemplate.parse(http, "--http"),
                StatusSet.parse(expect == null ? "2xx" : expect), body(), matches, insecure, ca, timeout);
        return Checks.http(spec, from);
    }

    /** The thresholds, defaults filled in: passing and critical after 1, every second, no window. */
    public Thresholds thresholds() {
        return new Thresholds(passingAfter == null ? 1 : passingAfter, criticalAfter == null ? 1 : criticalAfter,
                interval(), window);
    }

    /** Time between probes of one host. */
    public Duration interval() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    private Pattern body() {
        try {
            return bodyMatches == null ? null : Pattern.compile(bodyMatches);
        } catch (PatternSyntaxException e) {
            throw InputException.option("--body-matches", "bad regular expression: " + e.getDescription());
        }
    }
}
