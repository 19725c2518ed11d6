package dev.muster.probe.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an HTTP check asks and expects.
 *
 * @param method   GET, HEAD, ...
 * @param expect   statuses that pass
 * @param body     the body must contain a match, or null
 * @param headers  each must match
 * @param insecure skip TLS certificate and host name verification (said loudly by the CLI)
 * @param caFile   PEM file of CAs to trust instead of the default ones, or null; with a check
 *                 run on the host, a path on the host
 * @param timeout  for the whole request
 */
public record HttpSpec(String method, UrlTemplate url, StatusSet expect, Pattern body, List<HeaderMatch> headers,
                       boolean insecure, Path caFile, Duration timeout) {

    public HttpSpec {
        Objects.requireNonNull(url, "url");
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        expect = expect == null ? StatusSet.parse("2xx") : expect;
        headers = headers == null ? List.of() : List.copyOf(headers);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }

    /** Why the answer fails the check, or null when it passes. Host-independent words, so output folds. */
    String mismatch(HttpAnswer answer) {
        if (!expect.contains(answer.status())) {
            return "status " + answer.status() + " (expected " + expect + ")";
        }
        for (HeaderMatch h : headers) {
            String why = h.mismatch(answer.header(h.name()));
            if (why != null) {
                return why;
            }
        }
        if (body != null && !body.matcher(answer.body()).find()) {
            return "body does not match /" + body.pattern() + "/";
        }
        return null;
    }

    String describe() {
        return method + " " + url;
    }
}
