package dev.muster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.server.store.Database;
import dev.muster.server.store.RunRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs through the API on the in-process fleet: executed for real by the engine bridge. */
class RunApiTest {
    @TempDir
    Path dir;
    ServerFixture fx;
    String admin;

    @BeforeEach
    void start() throws Exception {
        // A long poll: a run queued straight into the store waits until the test wakes the engine.
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c,
                java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(30));
        admin = fx.token("root", "admin", "*");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String startRun(String selector, String command) {
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs", admin,
                fx.json.createObjectNode().put("selector", selector).put("command", command).put("confirm", true)
                        .toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return fx.json(r).path("id").asText();
    }

    @Test
    void aRunExecutesOnTheFleetAndShowsPerHostOutcomesAndOutput() throws Exception {
        String id = startRun("@web,@db", "echo hello");
        JsonNode run = fx.awaitEnd(id, admin);
        assertThat(run.path("status").asText()).isEqualTo("finished");
        assertThat(run.path("exitCode").asInt()).isZero();
        assertThat(run.path("requestedBy").asText()).isEqualTo("root");

        JsonNode hosts = fx.json(fx.call("GET", "/api/v1/runs/" + id + "/hosts", admin, null)).path("hosts");
        List<String> seen = new ArrayList<>();
        hosts.forEach(h -> seen.add(h.path("host").asText() + "=" + h.path("status").asText()));
        assertThat(seen).containsExactlyInAnyOrder("web01=ok", "db01=ok");

        HttpResponse<String> out = fx.call("GET", "/api/v1/runs/" + id + "/output?host=web01", admin, null);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).isEqualTo("hello\n");
        assertThat(fx.store.audit().recent(10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("run.start");
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.targets()).contains(id);
        });
    }

    @Test
    void outputLargerThanAChunkIsStoredInChunksAndReadBackWhole() throws Exception {
        // printf repeats its format for each argument: 3,000 lines of 40 characters, 120,000 in all.
        String line = "x".repeat(39);
        String id = startRun("@web", "printf '%s\\n' " + (line + " ").repeat(3000).strip());
        assertThat(fx.awaitEnd(id, admin).path("exitCode").asInt()).isZero();
        assertThat(fx.store.output().chunks(id, "web01", dev.muster.server.store.RunOutput.Stream.STDOUT))
                .isGreaterThan(1);
        String output = fx.call("GET", "/api/v1/runs/" + id + "/output?host=web01", admin, null).body();
        assertThat(output).hasSize(3000 * 40).isEqualTo((line + "\n").repeat(3000));
    }

    @Test
    void secretsInACommandAndItsOutputAreMasked() throws Exception {
        String id = startRun("@web", "echo token=" + ServerFixture.SECRET);
        fx.awaitEnd(id, admin);
        String output = fx.call("GET", "/api/v1/runs/" + id + "/output?host=web01", admin, null).body();
        assertThat(output).isEqualTo("token=****\n");
        String run = fx.call("GET", "/api/v1/runs/" + id, admin, null).body();
        String list = fx.call("GET", "/api/v1/runs", admin, null).body();
        assertThat(run + list).doesNotContain(ServerFixture.SECRET).contains("token=****");
    }

    @Test
    void eventsStreamHostProgressAndTheEnd() throws Exception {
        // queue behind an idle engine (long poll), so the run waits until the wake below
        for (int i = 0; i < 500 && !fx.server.context().engine().orElseThrow().idle(); i++) {
            Thread.sleep(10);
        }
        String id = fx.store.runs().enqueue(new RunRequest("run", "@web,@db", "echo hi",
                Map.of("selector", "@web,@db", "command", "echo hi"), "staging,prod", "root", null));
        HttpRequest req = HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/runs/" + id + "/events"))
                .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<Stream<String>> r = fx.http.send(req, HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).startsWith(": subscribed");
        fx.server.context().engine().orElseThrow().wake();
        List<String> events = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event: ")) {
                events.add(line.substring(7));
            }
        }
        assertThat(events).contains("host-started").endsWith("run-finished");
        assertThat(events.stream().filter("host-finished"::equals)).hasSize(2);
    }

    @Test
    void rerunOnFailedHostsRunsTheSameCommandOnlyWhereItFailedAndIsAudited() throws Exception {
        // fails on db01 only: its hostname is db01 (the fake host answers hostname with its name)
        fx.fleet.hosts().get(1).setFaults(dev.muster.testkit.Fault.exit(3));
        String id = startRun("@web,@db", "echo again");
        JsonNode first = fx.awaitEnd(id, admin);
        assertThat(first.path("verdict").asText()).isEqualTo("partial");
        assertThat(first.path("exitCode").asInt()).isEqualTo(1);

        fx.fleet.hosts().get(1).clearFaults();
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs/" + id + "/rerun-failed", admin, "{\"confirm\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode queued = fx.json(r);
        assertThat(queued.path("selector").asText()).isEqualTo("db01");
        assertThat(queued.path("rerunOf").asText()).isEqualTo(id);
        String again = queued.path("id").asText();
        JsonNode second = fx.awaitEnd(again, admin);
        assertThat(second.path("verdict").asText()).isEqualTo("ok");
        JsonNode hosts = fx.json(fx.call("GET", "/api/v1/runs/" + again + "/hosts", admin, null)).path("hosts");
        assertThat(hosts).hasSize(1);
        assertThat(hosts.get(0).path("host").asText()).isEqualTo("db01");
        assertThat(fx.call("GET", "/api/v1/runs/" + again + "/output?host=db01", admin, null).body()).isEqualTo("again\n");
        assertThat(fx.store.audit().recent(10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("run.rerun-failed");
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.targets()).contains(id).contains(again).contains("db01");
        });
        // nothing failed in the re-run: nothing to re-run on failed hosts; a whole re-run goes everywhere again
        assertThat(fx.call("POST", "/api/v1/runs/" + again + "/rerun-failed", admin, "{\"confirm\":true}").statusCode())
                .isEqualTo(409);
        HttpResponse<String> whole = fx.call("POST", "/api/v1/runs/" + id + "/rerun", admin, "{\"confirm\":true}");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(202);
        assertThat(fx.json(whole).path("selector").asText()).isEqualTo("@web,@db");
        // prod is protected: without the confirmation the re-run is refused
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/rerun", admin, null).statusCode()).isEqualTo(409);
        // a staging operator may not re-run a run that touched prod
        String stagingOperator = fx.token("stage-op", "operator", "staging");
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/rerun", stagingOperator, "{\"confirm\":true}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void anEventStreamOpenedMidRunReplaysTheHostsAlreadyDone() throws Exception {
        fx.fleet.hosts().get(1).setFaults(dev.muster.testkit.Fault.slow(Duration.ofSeconds(4)));
        String id = startRun("@web,@db", "echo mid");
        for (int i = 0; i < 400 && fx.store.runs().outcomes(id).isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(fx.store.runs().outcomes(id)).extracting(o -> o.host()).containsExactly("web01");
        HttpRequest req = HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/runs/" + id + "/events"))
                .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20)).build();
        List<String> lines = new ArrayList<>();
        fx.http.send(req, HttpResponse.BodyHandlers.ofLines()).body().forEach(lines::add);
        String all = String.join("\n", lines);
        // web01 ended before the stream was opened: it is replayed, once; db01 arrives live; then the end
        assertThat(lines.stream().filter(l -> l.contains("\"host\":\"web01\"") && l.contains("\"status\""))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("\"host\":\"db01\"") && l.contains("\"status\""))).hasSize(1);
        assertThat(finishedAt(lines, "web01")).isLessThan(finishedAt(lines, "db01"));
        assertThat(all).contains(": subscribed");
        assertThat(lines.stream().filter("event: run-finished"::equals)).hasSize(1);
    }

    @Test
    void theRunsListFiltersByVerdictUserHostEnvironmentAndTime() throws Exception {
        fx.fleet.hosts().get(1).setFaults(dev.muster.testkit.Fault.exit(3));
        String failed = startRun("@db", "echo x");
        fx.awaitEnd(failed, admin);
        fx.fleet.hosts().get(1).clearFaults();
        String ok = startRun("@web", "echo y");
        fx.awaitEnd(ok, admin);
        assertThat(ids("status=failed")).containsExactly(failed);
        assertThat(ids("status=ok")).containsExactly(ok);
        assertThat(ids("host=db01")).containsExactly(failed);
        assertThat(ids("env=staging")).containsExactly(ok);
        assertThat(ids("user=root")).containsExactlyInAnyOrder(ok, failed);
        assertThat(ids("user=nobody")).isEmpty();
        assertThat(ids("from=2999-01-01")).isEmpty();
        assertThat(ids("to=2999-01-01T00:00")).containsExactlyInAnyOrder(ok, failed);
        assertThat(fx.call("GET", "/api/v1/runs?status=green", admin, null).statusCode()).isEqualTo(400);
        assertThat(fx.call("GET", "/api/v1/runs?from=yesterday", admin, null).statusCode()).isEqualTo(400);
        // paging both ways: the page older than the newest run, and back to the newer one
        JsonNode older = fx.json(fx.call("GET", "/api/v1/runs?limit=1&before=" + ok, admin, null));
        assertThat(older.path("runs").get(0).path("id").asText()).isEqualTo(failed);
        assertThat(older.path("previous").asText()).isEqualTo(failed);
        JsonNode newer = fx.json(fx.call("GET", "/api/v1/runs?limit=1&after=" + failed, admin, null));
        assertThat(newer.path("runs").get(0).path("id").asText()).isEqualTo(ok);
    }

    private static int finishedAt(List<String> lines, String host) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"host\":\"" + host + "\"") && lines.get(i).contains("\"status\"")) {
                return i;
            }
        }
        return -1;
    }

    private List<String> ids(String query) {
        List<String> out = new ArrayList<>();
        fx.json(fx.call("GET", "/api/v1/runs?" + query, admin, null)).path("runs")
                .forEach(r -> out.add(r.path("id").asText()));
        return out;
    }

    @Test
    void aRunningRunCanBeCancelled() throws Exception {
        String id = startRun("@web", "sleep 30");
        for (int i = 0; i < 200 && !fx.store.runs().get(id).orElseThrow().status().key().equals("running"); i++) {
            Thread.sleep(20);
        }
        HttpResponse<String> r = fx.call("POST", "/api/v1/runs/" + id + "/cancel", admin, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(fx.awaitEnd(id, admin).path("status").asText()).isEqualTo("cancelled");
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/cancel", admin, null).statusCode()).isEqualTo(409);
    }

    @Test
    void aRunIsCancelledThroughAnotherServerOfTheSameStore() throws Exception {
        String id = startRun("@web", "sleep 30");
        for (int i = 0; i < 200 && !fx.store.runs().get(id).orElseThrow().status().key().equals("running"); i++) {
            Thread.sleep(20);
        }
        // a second server on the same store that runs nothing itself
        dev.muster.server.engine.EngineSettings other = new dev.muster.server.engine.EngineSettings(fx.transport,
                t -> List.of(), dev.muster.core.exec.ExecutorOptions.defaults(), "other-server", 1, Duration.ofMillis(100));
        try (MusterServer second = MusterServer.start(new ServerConfig(fx.store, fx.inventory, other)
                .listen("127.0.0.1", 0).claimRuns(false).schedule(false))) {
            // live events of the run through the second server, which follows it in the store
            HttpResponse<Stream<String>> events = fx.http.send(HttpRequest.newBuilder(URI.create(second.url()
                            + "/api/v1/runs/" + id + "/events")).header("Authorization", "Bearer " + admin)
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = events.body().iterator();
            assertThat(lines.next()).startsWith(": subscribed");
            HttpResponse<String> r = fx.http.send(HttpRequest.newBuilder(URI.create(second.url() + "/api/v1/runs/" + id
                            + "/cancel")).header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            List<String> seen = new ArrayList<>();
            while (lines.hasNext()) {
                seen.add(lines.next());
            }
            assertThat(seen).contains("event: host-finished", "event: run-finished");
            assertThat(String.join("\n", seen)).contains("\"status\":\"cancelled\"");
        }
        // the server running it saw the request
        assertThat(fx.awaitEnd(id, admin).path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aPlanRunWaitsForApprovalThroughTheApi() throws Exception {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"approve.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        JsonNode run = null;
        for (int i = 0; i < 300; i++) {
            run = fx.json(fx.call("GET", "/api/v1/runs/" + id, admin, null));
            if (run.has("waitingFor")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(run.path("waitingFor").path("message").asText()).startsWith("go on?");
        // a plan run's output is stored as it comes: the first step's is there while the run waits
        String host = fx.json(fx.call("GET", "/api/v1/runs/" + id + "/hosts", admin, null)).path("hosts").path(0)
                .path("host").asText();
        assertThat(host).isNotEmpty();
        assertThat(fx.call("GET", "/api/v1/runs/" + id + "/output?host=" + host, admin, null).body())
                .contains("before-approval");
        assertThat(fx.call("POST", "/api/v1/runs/" + id + "/approve", admin, null).statusCode()).isEqualTo(200);
        JsonNode done = fx.awaitEnd(id, admin);
        assertThat(done.path("exitCode").asInt()).as(done.toString()).isZero();
        assertThat(fx.store.runs().marks(id)).isNotEmpty();
    }

    @Test
    void plansOutsideThePlansDirectoryAreRefused() {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"../inventory.yaml\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fx.json(r).path("message").asText()).contains("outside the plans directory");
    }

    @Test
    void runsArePaginatedNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(fx.store.runs().enqueue(new RunRequest("run", "@web", "true", Map.of(), "staging", "x", null)));
        }
        JsonNode first = fx.json(fx.call("GET", "/api/v1/runs?limit=2", admin, null));
        assertThat(first.path("runs")).hasSize(2);
        String next = first.path("next").asText();
        JsonNode second = fx.json(fx.call("GET", "/api/v1/runs?limit=2&before=" + next, admin, null));
        List<String> all = new ArrayList<>();
        first.path("runs").forEach(n -> all.add(n.path("id").asText()));
        second.path("runs").forEach(n -> all.add(n.path("id").asText()));
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void unknownRunsAndBadBodiesAreJsonErrors() {
        HttpResponse<String> missing = fx.call("GET", "/api/v1/runs/nope", admin, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(fx.json(missing).path("error").asText()).isEqualTo("not_found");
        HttpResponse<String> bad = fx.call("POST", "/api/v1/runs", admin, "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(fx.json(bad).path("message").asText()).contains("not valid JSON");
        HttpResponse<String> noHost = fx.call("POST", "/api/v1/runs", admin, "{\"selector\":\"@nothing\",\"command\":\"x\"}");
        assertThat(noHost.statusCode()).isEqualTo(400);
    }

    /** Reads an event stream's lines until {@code stop} matches one (inclusive) or the stream ends. */
    private static List<String> readUntil(Iterator<String> lines, java.util.function.Predicate<String> stop) {
        List<String> out = new ArrayList<>();
        while (lines.hasNext()) {
            String l = lines.next();
            out.add(l);
            if (stop.test(l)) {
                break;
            }
        }
        return out;
    }

    private HttpRequest events(String id, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/runs/" + id + "/events"))
                .header("Authorization", "Bearer " + admin).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return b.build();
    }

    @Test
    void outputIsStreamedAsItComesAndAReconnectResumesFromTheLastEventIdMissingNothing() throws Exception {
        String id = startRun("@web", "echo first; sleep 2; echo second");
        HttpResponse<Stream<String>> live = fx.http.send(events(id, null), HttpResponse.BodyHandlers.ofLines());
        List<String> before = readUntil(live.body().iterator(), l -> l.startsWith("data:") && l.contains("first"));
        assertThat(String.join("\n", before)).contains("event: output").contains("\"stream\":\"stdout\"")
                .doesNotContain("second");
        // the line came while the host was still running: streamed, not gathered at the end
        assertThat(fx.store.runs().get(id).orElseThrow().status().active()).isTrue();
        String lastId = before.stream().filter(l -> l.startsWith("id:")).reduce((a, b) -> b).orElseThrow()
                .substring(3).strip();
        live.body().close(); // the connection drops mid-run

        HttpResponse<Stream<String>> again = fx.http.send(events(id, lastId), HttpResponse.BodyHandlers.ofLines());
        List<String> rest = readUntil(again.body().iterator(), l -> false);
        String resumed = String.join("\n", rest);
        assertThat(resumed).contains("\"text\":\"second\\n\"").doesNotContain("first");
        assertThat(rest.stream().filter("event: run-finished"::equals)).hasSize(1);
        assertThat(rest.stream().filter(l -> l.contains("\"host\":\"web01\"") && l.contains("\"status\""))).hasSize(1);
        // ids only grow: the resumed stream starts after the cursor
        long cursor = Long.parseLong(lastId.substring(lastId.indexOf('-') + 1));
        assertThat(rest.stream().filter(l -> l.startsWith("id:")).map(l -> Long.parseLong(l.substring(l.indexOf('-') + 1)
                .strip()))).allSatisfy(n -> assertThat(n).isGreaterThan(cursor));

        // opened afresh (a page loaded late), the kept events replay from the start: nothing is missed
        List<String> fresh = new ArrayList<>();
        fx.http.send(events(id, null), HttpResponse.BodyHandlers.ofLines()).body().forEach(fresh::add);
        assertThat(String.join("\n", fresh)).contains("first").contains("second").contains("event: run-finished");
    }

    private String applyAndAwaitApproval() throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", admin, "{\"plan\":\"approve.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        for (int i = 0; i < 500 && fx.store.runs().pendingApproval(id).isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(fx.store.runs().pendingApproval(id)).as("run " + id + " waits for approval").isPresent();
        return id;
    }

    @Test
    void aWaitingPlanIsApprovedWithANoteOrDeniedWithOneWhichCancelsItAllAudited() throws Exception {
        String viewer = fx.token("watcher", "viewer", "*");
        String approved = applyAndAwaitApproval();
        assertThat(fx.call("POST", "/api/v1/runs/" + approved + "/approve", viewer, null).statusCode()).isEqualTo(403);
        HttpResponse<String> ok = fx.call("POST", "/api/v1/runs/" + approved + "/approve", admin,
                "{\"note\":\"canary looks fine\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(fx.awaitEnd(approved, admin).path("exitCode").asInt()).isZero();

        String denied = applyAndAwaitApproval();
        HttpResponse<String> noNote = fx.call("POST", "/api/v1/runs/" + denied + "/deny", admin, null);
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(fx.json(noNote).path("message").asText()).contains("needs a note");
        assertThat(fx.call("POST", "/api/v1/runs/" + denied + "/deny", viewer, "{\"note\":\"no\"}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> deny = fx.call("POST", "/api/v1/runs/" + denied + "/deny", admin,
                "{\"note\":\"not on a Friday\"}");
        assertThat(deny.statusCode()).as(deny.body()).isEqualTo(202);
        assertThat(fx.awaitEnd(denied, admin).path("status").asText()).isEqualTo("cancelled");
        assertThat(fx.call("POST", "/api/v1/runs/" + denied + "/deny", admin, "{\"note\":\"again\"}").statusCode())
                .isEqualTo(409);

        var audit = fx.store.audit().recent(50);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action() + " " + e.result()).isEqualTo("run.approve ok");
            assertThat(e.targets()).contains(approved);
            assertThat(e.detail()).contains("note: canary looks fine");
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action() + " " + e.result()).isEqualTo("run.deny ok");
            assertThat(e.targets()).contains(denied);
            assertThat(e.detail()).contains("note: not on a Friday");
        });
        assertThat(audit).extracting(e -> e.action() + " " + e.result()).contains("run.deny rejected", "run.deny denied",
                "run.approve denied");
    }
}
