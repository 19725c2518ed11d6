package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.server.store.Database;
import dev.muster.server.testing.PostgresServer;
import dev.muster.testkit.CommandMode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one real PostgreSQL: A executes a run on its fleet (real shells, so the command
 * waits for a file the test creates), B only serves. A run's event stream opened on B shows each
 * host's start and output while A is still executing it, bounded per host (a late reader gets the
 * newest 16 KiB and an output-cut notice), then the hosts' ends and the run's end; a reconnect to B
 * with the last {@code store-N} id resumes after it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedOutputStreamTest {
    @TempDir
    Path dir;

    @Test
    void aRunExecutedByServerAStreamsItsOutputOnServerBAsItComes() throws Exception {
        String url = PostgresServer.shared().url(PostgresServer.shared().freshDatabaseName());
        Path release = dir.resolve("release");
        try (ServerFixture a = new ServerFixture(dir.resolve("a"), Database.postgresql(url), null, c -> c,
                HttpClient.newHttpClient(), Duration.ofMillis(100), f -> f.commandMode(CommandMode.SHELL));
             ServerFixture b = new ServerFixture(dir.resolve("b"), Database.postgresql(url), null,
                     c -> c.claimRuns(false))) {
            String admin = b.token("root", "admin", "*");
            // 5,000 numbers (about 24 KiB: more than a host's 16 KiB), a marker, then it waits for the test
            String command = "seq 1 5000; echo first; while [ ! -e " + release + " ]; do sleep 0.1; done; echo second";
            HttpResponse<String> r = b.call("POST", "/api/v1/runs", admin, b.json.createObjectNode()
                    .put("selector", "@web,@db").put("command", command).put("confirm", true).toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = b.json(r).path("id").asText();
            String events = b.server.url() + "/api/v1/runs/" + id + "/events";

            Map<String, StringBuilder> output = new HashMap<>();
            String lastId;
            try (SseStream live = new SseStream(b.http, events, admin, null)) {
                assertThat(live.response.statusCode()).isEqualTo(200);
                java.util.Set<String> marked = new java.util.HashSet<>();
                java.util.Set<String> started = new java.util.HashSet<>();
                // output rows and host starts are tailed from the store side by side: either may come first
                live.readUntil(e -> {
                    if ("output".equals(e.event())) {
                        String host = e.json().path("host").asText();
                        output.computeIfAbsent(host, h -> new StringBuilder()).append(e.json().path("text").asText());
                        if (output.get(host).indexOf("first\n") >= 0) {
                            marked.add(host);
                        }
                    } else if ("host-started".equals(e.event())) {
                        started.add(e.json().path("host").asText());
                    }
                    return marked.size() == 2 && started.size() == 2;
                });
                // both hosts printed while the run still waits on A: streamed through the store, not at the end
                assertThat(a.store.runs().get(id).orElseThrow().status().key()).isEqualTo("running");
                assertThat(a.server.context().engine().orElseThrow().runsHere(id)).isTrue();
                assertThat(b.server.context().engine()).isEmpty();
                assertThat(live.events).filteredOn(e -> "host-started".equals(e.event()))
                        .extracting(e -> e.json().path("host").asText()).contains("web01", "db01");
                assertThat(live.events).noneMatch(e -> "host-finished".equals(e.event()));
                assertThat(output.get("web01").toString()).contains("5000\n").doesNotContain("second");
                assertThat(live.events).filteredOn(e -> "output".equals(e.event()))
                        .allSatisfy(e -> assertThat(e.id()).startsWith("store-"));
                lastId = live.events.stream().filter(e -> e.id() != null).reduce((x, y) -> y).orElseThrow().id();
            }

            // a page opened now replays from the store: each host's newest 16 KiB, with a notice of the cut
            try (SseStream late = new SseStream(b.http, events, admin, null)) {
                java.util.Set<String> marked = new java.util.HashSet<>();
                java.util.Set<String> cut = new java.util.HashSet<>();
                Map<String, StringBuilder> replayed = new HashMap<>();
                late.readUntil(e -> {
                    if ("output".equals(e.event())) {
                        String host = e.json().path("host").asText();
                        StringBuilder text = replayed.computeIfAbsent(host, h -> new StringBuilder())
                                .append(e.json().path("text").asText());
                        if (text.indexOf("first\n") >= 0) {
                            marked.add(host);
                        }
                    }
                    if ("output-cut".equals(e.event())) {
                        cut.add(e.json().path("host").asText());
                    }
                    return marked.size() == 2 && cut.size() == 2;
                });
                Map<String, Integer> chars = new HashMap<>();
                late.events.stream().filter(e -> "output".equals(e.event())).forEach(e -> chars.merge(
                        e.json().path("host").asText(), e.json().path("text").asText().length(), Integer::sum));
                // whole rows of at most 4 KiB are dropped: a host keeps more than 12 KiB and at most 16
                assertThat(chars.get("web01")).isBetween(12 * 1024, 16 * 1024);
                assertThat(chars.get("db01")).isBetween(12 * 1024, 16 * 1024);
                assertThat(late.events).filteredOn(e -> "output-cut".equals(e.event()))
                        .extracting(e -> e.json().path("host").asText()).contains("web01", "db01");
                assertThat(replayed.get("web01").toString()).doesNotStartWith("1\n2\n3\n").endsWith("5000\nfirst\n");
                assertThat(replayed.get("db01").toString()).doesNotStartWith("1\n2\n3\n").endsWith("5000\nfirst\n");
            }

            // the run goes on; a reconnect from the last id gets the rest, nothing before it
            Files.createFile(release);
            try (SseStream again = new SseStream(b.http, events, admin, lastId)) {
                List<SseStream.Event> rest = again.readToEnd();
                assertThat(rest).filteredOn(e -> "output".equals(e.event()))
                        .extracting(e -> e.json().path("host").asText() + ":" + e.json().path("text").asText())
                        .contains("web01:second\n", "db01:second\n")
                        .noneMatch(t -> t.contains("first\n"));
                assertThat(rest).filteredOn(e -> "host-finished".equals(e.event()))
                        .extracting(e -> e.json().path("host").asText() + "=" + e.json().path("status").asText())
                        .containsExactlyInAnyOrder("web01=ok", "db01=ok");
                assertThat(rest.getLast().event()).isEqualTo("run-finished");
                long cursor = Long.parseLong(lastId.substring("store-".length()));
                assertThat(rest).filteredOn(e -> e.id() != null)
                        .allSatisfy(e -> assertThat(Long.parseLong(e.id().substring("store-".length())))
                                .isGreaterThan(cursor));
            }
            assertThat(a.store.runs().get(id).orElseThrow().status().key()).isEqualTo("finished");
            // kept a while after the end for late readers; retention's pass removes them once the run is old enough
            assertThat(a.store.liveOutputs().after(id, 0, 10)).isNotEmpty();
            assertThat(a.store.liveOutputs().deleteEndedBefore(java.time.Instant.now().minusSeconds(300))).isZero();
            assertThat(a.store.liveOutputs().deleteEndedBefore(java.time.Instant.now().plusSeconds(1))).isPositive();
            assertThat(a.store.liveOutputs().after(id, 0, 10)).isEmpty();
        }
    }
}
