package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.schedule.Firing;
import dev.muster.server.store.Database;
import dev.muster.server.store.Sessions;
import dev.muster.server.testing.LogCapture;
import dev.muster.server.testing.ManualClock;
import dev.muster.server.testing.StoreDump;
import dev.muster.testkit.CommandMode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants the inventory's secret value everywhere a caller or a host can put it (commands, their
 * output, a schedule, plan variables, an inspection's findings, selectors, names, login fields,
 * paths, a failing run), then greps for it: every response those calls got, every GET endpoint of
 * the route table (API and pages, as an admin of everything, for every run, report and host), the
 * audit log, every log line the server wrote, and a dump of every table of the store.
 */
class SecretSweepTest {
    private static final String SECRET = ServerFixture.SECRET;

    @TempDir
    static Path dir;
    static ManualClock clock;
    static ServerFixture fx;
    static String admin;
    static Caller session;
    static final List<String> responses = new ArrayList<>();
    static LogCapture logs;
    static final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    static PrintStream originalErr;

    record Caller(String cookie, String csrf) {
    }

    @BeforeAll
    static void start() throws Exception {
        captureLogs();
        clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), clock,
                c -> c.extension(new dev.muster.server.web.Dashboard()), HttpClient.newHttpClient(),
                Duration.ofMillis(50), b -> b.commandMode(CommandMode.SHELL));
        fx.store.grants().grant("root", "*", "admin");
        admin = fx.token("root", "admin", "*");
        Sessions.Opened opened = fx.store.sessions().open("root", Duration.ofHours(12));
        session = new Caller(opened.cookie(), opened.session().csrf());
        Path log = dir.resolve("app.log");
        Files.writeString(log, "ERROR token " + SECRET + " leaked\n");
        Files.writeString(fx.plans.resolve("leaky-check.yaml"), "kind: inspection\nname: leaky\ntargets: \"@web\"\n"
                + "checks:\n  - {log: " + log + ", pattern: \"" + SECRET + "\", fail: 1, name: leak}\n"
                + "  - health: {cmd: \"echo " + SECRET + "; exit 3\"}\n");
        Files.writeString(fx.plans.resolve("echo-var.yaml"), "name: echo\ntargets: \"@web\"\nsteps:\n"
                + "  - run: echo \"token is {{ token }}\"\n  - run: echo \"" + SECRET + "\" >&2; exit 4\n");
        plant();
    }

    @AfterAll
    static void stop() {
        fx.close();
        logs.close();
        System.setErr(originalErr);
    }

    /** Every log record (System.Logger goes to java.util.logging here) and everything on stderr (slf4j). */
    private static void captureLogs() {
        logs = LogCapture.start();
        originalErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                synchronized (stderr) {
                    stderr.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                originalErr.write(b, off, len);
                synchronized (stderr) {
                    stderr.write(b, off, len);
                }
            }
        }, true));
    }

    private static String json(String text) {
        try {
            return fx.json.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String api(String method, String path, String body) {
        HttpResponse<String> r = fx.call(method, "/api/v1" + path, admin, body);
        String text = r.statusCode() + " " + r.headers().map() + " " + r.body();
        responses.add(label(method, path) + " -> " + text);
        return r.body();
    }

    private static HttpResponse<String> page(String method, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", "muster_session=" + session.cookie());
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                    .ofString(form + "&_csrf=" + session.csrf()));
        }
        HttpResponse<String> r = fx.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(label(method, path) + " -> " + r.statusCode() + " " + r.headers().map() + " " + r.body());
        return r;
    }

    /** The request as named in a failure (the secret planted in its path is the test's, not the answer's). */
    private static String label(String method, String path) {
        return method + " " + path.replace(SECRET, "<planted secret>");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Puts the secret everywhere a caller or a host can. */
    private static void plant() throws Exception {
        List<String> runs = new ArrayList<>();
        runs.add(fx.json(fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@web\",\"command\":" + json("echo "
                + SECRET + "; echo " + SECRET + " >&2; exit 2") + "}")).path("id").asText());
        runs.add(fx.json(fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"echo-var.yaml\",\"vars\":{\"token\":"
                + json(SECRET) + "}}")).path("id").asText());
        runs.add(fx.json(fx.call("POST", "/api/v1/inspections/run", admin, "{\"inspection\":\"leaky-check.yaml\"}"))
                .path("id").asText());
        api("POST", "/schedules", "{\"name\":\"leaky\",\"cron\":\"* * * * *\",\"selector\":\"@web\",\"command\":"
                + json("echo " + SECRET) + "}");
        api("POST", "/runs", "{\"selector\":" + json("@web," + SECRET) + ",\"command\":\"true\"}");
        api("POST", "/runs", "{\"selector\":\"@web\",\"command\":\"true\",\"" + SECRET + "\":" + json(SECRET) + "}");
        api("POST", "/schedules", "{\"name\":" + json(SECRET) + ",\"cron\":\"* * * * *\",\"selector\":\"@web\","
                + "\"command\":\"true\"}");
        api("POST", "/schedules", "{\"name\":\"bad-cron\",\"cron\":" + json(SECRET) + ",\"selector\":\"@web\","
                + "\"command\":\"true\"}");
        api("POST", "/tokens", "{\"name\":" + json(SECRET) + ",\"role\":\"viewer\"}");
        api("POST", "/tokens", "{\"name\":\"x\",\"owner\":" + json(SECRET) + "}");
        api("POST", "/tokens", "{\"name\":\"x\",\"environment\":" + json(SECRET) + "}");
        api("POST", "/users", "{\"name\":" + json(SECRET) + ",\"password\":" + json(SECRET) + "}");
        api("POST", "/grants", "{\"subject\":" + json(SECRET) + ",\"environment\":\"prod\",\"role\":\"viewer\"}");
        api("POST", "/plans/apply", "{\"plan\":" + json(SECRET + ".yaml") + "}");
        api("POST", "/inspections/run", "{\"inspection\":" + json(SECRET) + "}");
        api("GET", "/runs/" + SECRET, null);
        api("GET", "/runs?before=" + SECRET, null);
        api("GET", "/audit?before=" + SECRET, null);
        api("GET", "/hosts/" + SECRET + "/metrics", null);
        api("GET", "/reports/" + SECRET, null);
        api("DELETE", "/schedules/" + SECRET, null);
        api("POST", "/" + SECRET, "{}");
        page("GET", "/runs/" + SECRET, null);
        page("GET", "/" + SECRET, null);
        page("POST", "/runs", "selector=" + enc("@web") + "&command=" + enc("echo " + SECRET));
        page("POST", "/runs", "selector=" + enc(SECRET) + "&command=true");
        HttpResponse<String> form = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = form.headers().allValues("Set-Cookie").getFirst().split(";")[0];
        String csrf = form.body().replaceAll("(?s).*name=_csrf value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> login = fx.http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/login"))
                .header("Cookie", loginCookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + SECRET + "&password=" + SECRET + "&_csrf=" + csrf))
                .build(), HttpResponse.BodyHandlers.ofString());
        responses.add("POST /login -> " + login.statusCode() + " " + login.body());
        clock.advance(Duration.ofMinutes(1));
        for (Firing f : fx.server.scheduler().tick()) {
            if (f.runId() != null) {
                runs.add(f.runId());
            }
        }
        fx.server.context().engine().orElseThrow().wake();
        for (String id : runs) {
            fx.awaitEnd(id, admin);
        }
        // the secret really reached the hosts: the masked output proves it was there to mask
        assertThat(api("GET", "/runs/" + runs.getFirst() + "/output?host=web01", null)).isEqualTo("****\n");
    }

    @Test
    void noResponseToTheCallsThatPlantedItContainsTheSecret() {
        assertThat(responses).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain(SECRET));
    }

    @Test
    void noGetEndpointShowsTheSecretForAnyRunReportOrHost() throws Exception {
        List<String> runIds = fx.store.runs().list(200).stream().map(r -> r.id()).toList();
        List<String> reportIds = new dev.muster.server.inspect.ReportStore(fx.store, clock).list(null, 200, 0).stream()
                .map(e -> e.id()).toList();
        assertThat(runIds).hasSizeGreaterThanOrEqualTo(4);
        assertThat(reportIds).isNotEmpty();
        java.util.Map<String, String> answers = new EndpointSweep(fx.server, fx.http, admin, session.cookie(), runIds,
                reportIds, List.of("web01", "db01")).fetchAll();
        answers.forEach((request, answer) -> assertThat(answer).as(request).doesNotContain(SECRET));
        int fetched = answers.size();
        assertThat(fetched).isGreaterThan(50);
    }

    @Test
    void theAuditLogTheLogsAndTheStoreHoldNoSecret() {
        assertThat(fx.store.audit().recent(500)).hasSizeGreaterThan(20)
                .allSatisfy(e -> assertThat(e.toString()).doesNotContain(SECRET));
        assertThat(logs.text()).doesNotContain(SECRET);
        synchronized (stderr) {
            assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        }
        assertThat(StoreDump.dump(fx.store.database())).contains("audit:").contains("runs:").doesNotContain(SECRET);
    }
}
