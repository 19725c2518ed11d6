package dev.muster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.server.store.Database;
import dev.muster.server.store.Store;
import dev.muster.testkit.CommandMode;
import dev.muster.testkit.FakeFleet;
import dev.muster.testkit.FakeHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller restart while a group waits for its window: {@code muster serve} runs a grouped plan
 * ({@code resume: auto}) whose db group waits for a window opening within the next two minutes; the
 * server process is killed (SIGKILL) while it waits and started again. The restarted server takes
 * the run up from its journal, waits for the window by itself, and runs the db group once it
 * opens: web's step is not run again, db's runs once per host, not before the opening.
 */
@Timeout(300)
class ServeWindowRestartTest {
    private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aGroupWaitingForItsWindowSurvivesAControllerKillAndRunsOnceWhenItOpens() throws Exception {
        try (FakeFleet fleet = FakeFleet.builder().hosts(3).namePrefix("h").baseAddress("127.0.187.1")
                .dir(dir.resolve("fleet")).commandMode(CommandMode.SHELL).start()) {
            List<FakeHost> h = fleet.hosts();
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, "hosts:\n" + host("web01", h.get(0)) + host("db01", h.get(1))
                    + host("db02", h.get(2)) + "groups:\n  web: {hosts: [web01]}\n  db: {hosts: [db01, db02]}\n");
            // the window opens at the first whole minute at least 40 s from now, so the kill and the
            // restart happen while it is still closed
            ZonedDateTime opens = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(40).truncatedTo(ChronoUnit.MINUTES)
                    .plusMinutes(1);
            Path plans = Files.createDirectories(dir.resolve("plans"));
            Files.writeString(plans.resolve("restart.yaml"), """
                    name: restart
                    resume: auto
                    windows:
                      soon: {zone: UTC, every: "%d %d * * *", duration: 10m}
                    groups:
                      web: {targets: "@web"}
                      db: {targets: "@db", window: soon, after: [web]}
                    steps:
                      - run: echo ran >> ran.log
                    """.formatted(opens.getMinute(), opens.getHour()));
            List<String> serve = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "dev.muster.cli.Main", "serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString(),
                    "--plans", plans.toString(), "--inventory", inventory.toString(), "--known-hosts",
                    fleet.knownHosts().toString(), "--identity", fleet.clientKey().privateKeyFile().toString(),
                    "--lease", "1s");

            Process first = start(serve, dir.resolve("first.log"));
            String id;
            try {
                String base = url(first, dir.resolve("first.log"));
                String token = Files.readAllLines(dir.resolve("first.log")).stream().map(String::strip)
                        .filter(l -> l.startsWith("mst_")).findFirst().orElseThrow();
                HttpResponse<String> queued = call(base, token, "POST", "/api/v1/plans/apply", "{\"plan\":\"restart.yaml\"}");
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                id = json.readTree(queued.body()).path("id").asText();
                JsonNode run = await(base, token, id, r -> state(r, "db").startsWith("waiting for window soon until"),
                        Duration.ofSeconds(30));
                assertThat(state(run, "web")).isEqualTo("done");
                assertThat(lines(h.get(0))).containsExactly("ran");
                assertThat(lines(h.get(1))).isEmpty();
                first.destroyForcibly(); // SIGKILL: no shutdown hook, the run's claim is left behind
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(Instant.now()).as("killed before the window opened").isBefore(opens.toInstant());

                Process second = start(serve, dir.resolve("second.log"));
                try {
                    String again = url(second, dir.resolve("second.log"));
                    JsonNode done = await(again, token, id, r -> r.path("status").asText().equals("finished"),
                            Duration.between(Instant.now(), opens.toInstant()).plusSeconds(90));
                    assertThat(done.path("exitCode").asInt()).as(done.toString()).isZero();
                    assertThat(state(done, "db")).isEqualTo("done");
                    assertThat(state(done, "web")).isEqualTo("done");
                    JsonNode hosts = json.readTree(call(again, token, "GET", "/api/v1/runs/" + id + "/hosts", null).body());
                    for (JsonNode o : hosts.path("hosts")) {
                        if (o.path("host").asText().startsWith("db")) {
                            assertThat(Instant.parse(o.path("startedAt").asText())).as(o.toString())
                                    .isAfterOrEqualTo(opens.toInstant());
                        }
                    }
                } finally {
                    second.destroy();
                    second.waitFor(20, TimeUnit.SECONDS);
                    second.destroyForcibly();
                }
            } finally {
                first.destroyForcibly();
            }
            // nothing lost, nothing run twice
            assertThat(lines(h.get(0))).as("web01").containsExactly("ran");
            assertThat(lines(h.get(1))).as("db01").containsExactly("ran");
            assertThat(lines(h.get(2))).as("db02").containsExactly("ran");
            try (Store store = Store.open(Database.sqlite(dir.resolve("data")), Clock.systemUTC())) {
                assertThat(store.queue().claims(id)).isEqualTo(2);
                assertThat(store.audit().recent(50)).extracting(e -> e.action() + " " + e.targets())
                        .contains("run.resume run " + id);
            }
        }
    }

    private static String host(String name, FakeHost h) {
        return "  " + name + ": {address: " + h.address() + ", port: " + h.port() + ", user: " + h.user() + "}\n";
    }

    private static List<String> lines(FakeHost h) throws Exception {
        Path log = h.dir().resolve("ran.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static Process start(List<String> cmd, Path log) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String url(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = URL.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("muster serve did not start: " + Files.readString(log));
    }

    private HttpResponse<String> call(String base, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String base, String token, String id, java.util.function.Predicate<JsonNode> until,
                           Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode run = null;
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            run = json.readTree(call(base, token, "GET", "/api/v1/runs/" + id, null).body());
            if (until.test(run)) {
                return run;
            }
            String now = run.path("status").asText() + " " + run.path("groups");
            if (seen.isEmpty() || !seen.getLast().equals(now)) {
                seen.add(now);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not get there within " + within + "; seen: " + seen);
    }

    private static String state(JsonNode run, String group) {
        for (JsonNode g : run.path("groups")) {
            if (g.path("name").asText().equals(group)) {
                return g.path("state").asText();
            }
        }
        return "";
    }
}
