package dev.muster.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every GET endpoint of a server's route table, fetched with every run, report and host put in
 * for its parameters: API routes with a bearer token, pages with a session cookie. What each
 * answered (status, headers, body) is returned by request, for a test to search.
 *
 * @param server    the server under test
 * @param http      the client
 * @param token     a bearer token for /api/v1 routes
 * @param cookie    a session cookie value for pages, or null where the server has none
 * @param runIds    run ids to put in for {id} (and report ids for /reports/{id})
 * @param reportIds report ids
 * @param hosts     host names to put in for {host} and {name}
 */
record EndpointSweep(MusterServer server, HttpClient http, String token, String cookie, List<String> runIds,
                     List<String> reportIds, List<String> hosts) {

    Map<String, String> fetchAll() throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String endpoint : server.endpoints()) {
            if (!endpoint.startsWith("GET ")) {
                continue;
            }
            for (String path : concrete(endpoint.substring(4))) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                        .timeout(Duration.ofSeconds(30));
                if (path.startsWith("/api/v1/")) {
                    b.header("Authorization", "Bearer " + token);
                    if (path.endsWith("/events")) {
                        b.header("Accept", "text/event-stream");
                    }
                } else if (cookie != null) {
                    b.header("Cookie", "muster_session=" + cookie);
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                answers.put("GET " + path, r.statusCode() + " " + r.headers().map() + " " + r.body());
            }
        }
        return answers;
    }

    /** The paths an endpoint answers with every run, report and host put in for its parameters. */
    List<String> concrete(String template) {
        List<String> out = new ArrayList<>();
        out.add(template);
        out = expand(out, "{host}", hosts);
        out = expand(out, "{name}", hosts);
        out = expand(out, "{id}", template.contains("/reports/") ? reportIds : runIds);
        List<String> withQuery = new ArrayList<>();
        for (String path : out) {
            if (path.endsWith("/output")) {
                for (String host : hosts) {
                    withQuery.add(path + "?host=" + host);
                    withQuery.add(path + "?host=" + host + "&stream=stderr");
                }
            } else {
                withQuery.add(path);
            }
        }
        return withQuery;
    }

    private static List<String> expand(List<String> paths, String param, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            if (!path.contains(param)) {
                out.add(path);
                continue;
            }
            values.forEach(v -> out.add(path.replace(param, v)));
        }
        return out;
    }
}
