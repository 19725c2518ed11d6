package dev.muster.server.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.core.Redactor;
import dev.muster.server.store.DeadLetters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Alerts a webhook about a report's new failures (checks failing now that were not failing in the
 * previous report): one JSON POST, schema {@value #SCHEMA}, with the report link; and about a
 * run's dead letters, schema {@value #DEAD_LETTERS}. Retries
 * connection errors, 429 and 5xx with exponential backoff and jitter, up to a bounded number of
 * attempts, then gives up with a logged warning; other 4xx are not retried. Messages are masked
 * with the inventory's redactor before they leave.
 */
public final class WebhookAlerts {
    public static final String SCHEMA = "muster.alert/1";
    public static final String DEAD_LETTERS = "muster.dead-letters/1";
    private static final System.Logger LOG = System.getLogger(WebhookAlerts.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How the wait between attempts is spent; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** At most {@code attempts} POSTs; waits double from {@code firstDelay} up to {@code maxDelay}. */
    public record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
        public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        /** Before attempt {@code n + 1}: half the doubled delay fixed, half random ("equal jitter"). */
        Duration delay(int n, RandomGenerator random) {
            long base = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(n - 1, 20));
            return Duration.ofMillis(base / 2 + random.nextLong(base / 2 + 1));
        }
    }

    /** What became of one report's alert. */
    public enum Delivery { NOTHING_NEW, SENT, GAVE_UP }

    private final URI url;
    private final HttpClient client;
    private final Retry retry;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Redactor redactor;

    public WebhookAlerts(URI url, HttpClient client, Retry retry, Sleeper sleeper, RandomGenerator random,
                         Redactor redactor) {
        this.url = url;
        this.client = client;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.redactor = redactor;
    }

    /** A webhook with the default retry, real sleeping, and a client that does not follow redirects. */
    public static WebhookAlerts of(URI url, Redactor redactor) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new WebhookAlerts(url, client, Retry.DEFAULT, d -> Thread.sleep(d), RandomGenerator.getDefault(),
                redactor);
    }

    /** @param reportLink where the report can be read (dashboard URL or file), or null */
    public Delivery alert(Report report, String reportLink) throws InterruptedException {
        if (report.changes().newFailures().isEmpty()) {
            return Delivery.NOTHING_NEW;
        }
        return post(payload(report, reportLink), "report " + report.id() + " of " + report.inspection());
    }

    /**
     * Alerts about a run's dead letters (hosts that failed for good), schema {@value #DEAD_LETTERS}:
     * the run, its link, and per letter the host, environment, error kind, attempts and exit code;
     * never their output. Nothing is sent for a run without letters.
     */
    public Delivery deadLetters(String runId, String runLink, java.util.List<DeadLetters.Failure> letters)
            throws InterruptedException {
        if (letters.isEmpty()) {
            return Delivery.NOTHING_NEW;
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema", DEAD_LETTERS).put("run_id", runId).put("run_url", runLink).put("count", letters.size())
                .put("step", redact(letters.getFirst().step()));
        ArrayNode list = o.putArray("letters");
        for (DeadLetters.Failure f : letters) {
            ObjectNode l = list.addObject().put("host", f.host()).put("env", f.environment())
                    .put("error_kind", f.errorKind()).put("attempts", f.attempts());
            if (f.exitCode() == null) {
                l.putNull("exit_code");
            } else {
                l.put("exit_code", f.exitCode());
            }
        }
        return post(o.toString(), "the dead letters of run " + runId);
    }

    /** POSTs {@code payload}, retrying connection errors, 429 and 5xx; {@code about} names it in a warning. */
    private Delivery post(String payload, String about) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        String last = "";
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                sleeper.sleep(retry.delay(attempt - 1, random));
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return Delivery.SENT;
                }
                last = "HTTP " + status;
                if (status != 429 && status < 500) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            }
        }
        LOG.log(System.Logger.Level.WARNING, "gave up alerting {0} about {1}: {2}", redact(url.toString()), about, last);
        return Delivery.GAVE_UP;
    }

    String payload(Report r, String reportLink) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schema", SCHEMA).put("inspection", r.inspection()).put("report_id", r.id())
                .put("report_url", reportLink).put("status", r.status().key()).put("finished_at", r.finishedAt().toString());
        o.putObject("counts").put("new_failures", r.changes().newFailures().size())
                .put("recovered", r.changes().recovered().size())
                .put("still_failing", r.changes().stillFailing().size())
                .put("hosts", r.summary().hosts()).put("hosts_failing", r.summary().hostsFailing());
        ArrayNode fresh = o.putArray("new_failures");
        for (Change c : r.changes().newFailures()) {
            fresh.addObject().put("host", c.host()).put("check", redact(c.check())).put("message", redact(c.message()));
        }
        return o.toString();
    }

    private String redact(String s) {
        return redactor.redact(s);
    }
}
