package dev.muster.server.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.muster.core.Redactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts to a real HTTP server on loopback; the sleeper records waits instead of sleeping. */
class WebhookAlertsTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
    }

    private WebhookAlerts alerts(int attempts, Redactor redactor) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        return new WebhookAlerts(url, client, new WebhookAlerts.Retry(attempts, Duration.ofSeconds(1),
                Duration.ofSeconds(8)), slept::add, new Random(7), redactor);
    }

    @Test
    void newFailuresArePostedOnceWithTheReportLinkAndSecretsMasked() throws Exception {
        Report r = Reports.withNewFailure("r1", "password hunter2 in the log");
        var delivery = alerts(3, Redactor.of(List.of("hunter2"))).alert(r, "http://127.0.0.1:7070/reports/r1");

        assertThat(delivery).isEqualTo(WebhookAlerts.Delivery.SENT);
        assertThat(bodies).singleElement().satisfies(b -> assertThat(b)
                .contains("\"schema\":\"muster.alert/1\"", "\"report_url\":\"http://127.0.0.1:7070/reports/r1\"",
                        "\"host\":\"web1\"", "\"check\":\"disk_used_percent /\"", "password **** in the log")
                .doesNotContain("hunter2"));
        assertThat(slept).isEmpty();
    }

    @Test
    void nothingIsSentWhenNoFailureIsNew() throws Exception {
        Report r = Reports.of("r2", List.of(), new Changes("r1", List.of(), List.of(),
                List.of(new Change("web1", "disk", CheckStatus.FAIL, CheckStatus.FAIL, "still"))));
        assertThat(alerts(3, Redactor.none()).alert(r, null)).isEqualTo(WebhookAlerts.Delivery.NOTHING_NEW);
        assertThat(bodies).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithGrowingJitteredWaitsUntilOneSucceeds() throws Exception {
        answers.addAll(List.of(500, 503, 500));
        var delivery = alerts(5, Redactor.none()).alert(Reports.withNewFailure("r1", "full"), null);

        assertThat(delivery).isEqualTo(WebhookAlerts.Delivery.SENT);
        assertThat(bodies).hasSize(4);
        assertThat(slept).hasSize(3);
        // equal jitter: between half and all of 1 s, 2 s, 4 s
        assertThat(slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(slept.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(slept.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void givesUpAfterTheLastAttemptAndDoesNotRetryAClientError() throws Exception {
        answers.addAll(List.of(500, 500, 500, 500));
        assertThat(alerts(3, Redactor.none()).alert(Reports.withNewFailure("r1", "x"), null))
                .isEqualTo(WebhookAlerts.Delivery.GAVE_UP);
        assertThat(bodies).hasSize(3);

        bodies.clear();
        answers.clear();
        answers.add(404);
        assertThat(alerts(3, Redactor.none()).alert(Reports.withNewFailure("r1", "x"), null))
                .isEqualTo(WebhookAlerts.Delivery.GAVE_UP);
        assertThat(bodies).hasSize(1);
    }

    @Test
    void waitsAreCappedAtTheMaximum() {
        var retry = new WebhookAlerts.Retry(30, Duration.ofSeconds(1), Duration.ofSeconds(8));
        assertThat(retry.delay(25, new Random(1))).isLessThanOrEqualTo(Duration.ofSeconds(8));
    }
}
