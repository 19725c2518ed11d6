package dev.muster.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.muster.core.exec.Outcome;
import dev.muster.core.exec.Status;
import dev.muster.core.store.RunRecord;
import dev.muster.server.http.ServerFixture;
import dev.muster.server.inspect.CheckResult;
import dev.muster.server.inspect.CheckStatus;
import dev.muster.server.inspect.HostResult;
import dev.muster.server.inspect.Report;
import dev.muster.server.inspect.ReportStore;
import dev.muster.server.inspect.Summary;
import dev.muster.server.metrics.MetricSample;
import dev.muster.server.metrics.MetricStore;
import dev.muster.server.store.Database;
import dev.muster.server.store.Sessions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every page over real HTTP: login required, access per environment, escaping, pagination, CSRF. */
class DashboardPagesTest {
    static final String XSS = "<script>alert('owned')</script>";

    @TempDir
    Path dir;
    ServerFixture fx;
    Sessions.Opened admin;
    Sessions.Opened stagingViewer;
    String webRun;
    String dbRun;

    @BeforeEach
    void start() throws Exception {
        fx = new ServerFixture(dir, Database.sqlite(dir.resolve("data")), null, c -> c.extension(new Dashboard()),
                HttpClient.newHttpClient(), Duration.ofMillis(100));
        fx.store.grants().grant("ana", "*", "admin");
        fx.store.grants().grant("sam", "staging", "viewer");
        admin = fx.store.sessions().open("ana", Duration.ofHours(1));
        stagingViewer = fx.store.sessions().open("sam", Duration.ofHours(1));
        webRun = finishedRun("@web", "web01", XSS + "\n");
        dbRun = finishedRun("@db", "db01", "fine\n");
        Instant now = Instant.now();
        new MetricStore(fx.store, Clock.systemUTC()).save(List.of(
                sample("web01", now.minusSeconds(60), 20), sample("web01", now, 95), sample("db01", now, 40)));
        new ReportStore(fx.store, Clock.systemUTC()).save(new Report("r1", "nightly", now.minusSeconds(5), now,
                List.of(new HostResult("web01", List.of(new CheckResult("disk", CheckStatus.FAIL, "97", XSS)))),
                new Summary(1, 0, 0, 1, 0, 0, 1), null), Map.of());
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String finishedRun(String selector, String host, String stdout) {
        String id = fx.store.runs().newId();
        fx.store.runs().begin(new RunRecord(id, "run", selector, "echo hi", host, Instant.now(), null, null, List.of(),
                null, Map.of(), Map.of()));
        fx.store.runs().outcome(id, new Outcome(host, Status.OK, null, 0, null, stdout, "", "", 1, 12, Instant.now()));
        fx.store.runs().finish(id, 0, Map.of("ok", 1));
        return id;
    }

    private static MetricSample sample(String host, Instant at, double cpu) {
        return new MetricSample(host, at, true, cpu, 50.0, 0.5, 2, 70.0, Map.of("/", 70.0), 0.0, 0.0, null);
    }

    private List<String> pages() {
        return List.of("/", "/?page=1", "/runs", "/runs/" + webRun, "/runs/" + webRun + "/hosts/web01", "/hosts/web01",
                "/schedules", "/reports", "/reports/r1", "/reports/r1/download?format=json", "/approvals", "/server",
                "/audit");
    }

    HttpResponse<String> get(String path, Sessions.Opened session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.server.url() + path));
        if (session != null) {
            b.header("Cookie", "muster_session=" + session.cookie());
        }
        return send(b.GET().build());
    }

    HttpResponse<String> post(String path, Sessions.Opened session, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(fx.server.url() + path))
                .header("Cookie", "muster_session=" + session.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return fx.http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theServerPageShowsTheStoreItsPoolAndTheRuns() {
        HttpResponse<String> r = get("/server", admin);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<a href=\"/server\" aria-current=page>Server</a>")
                .contains("<tr><th>database</th><td>sqlite " + dir.resolve("data").resolve("muster.db") + "</td></tr>")
                .contains("<tr><th>open / most</th><td>1 / 1</td></tr>")
                .contains("<tr><th>waiting threads</th><td>0</td></tr>")
                .containsPattern("<tr><th>lent since start</th><td>[1-9][0-9]*</td></tr>")
                .contains("<tr><th>finished</th><td>2</td></tr>").contains("hikaricp_connections_")
                .doesNotContain("id=store-down");
        assertThat(get("/server", stagingViewer).statusCode()).as("counts over every environment").isEqualTo(403);
    }

    @Test
    void everyPageRedirectsToTheLoginFormWithoutASession() {
        for (String page : pages()) {
            HttpResponse<String> r = get(page, null);
            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(page).hasValue("/login");
        }
    }

    @Test
    void everyPageRendersForAnAdmin() {
        for (String page : pages()) {
            HttpResponse<String> r = get(page, admin);
            assertThat(r.statusCode()).as(page + ": " + r.body()).isEqualTo(200);
        }
        assertThat(get("/", admin).body()).contains("failing 1").contains("href=\"/hosts/web01\"").contains("class=l9");
        assertThat(get("/hosts/web01", admin).body()).contains("<polyline").contains("cpu 95%");
    }

    @Test
    void hostOutputAndReportTextAreEscaped() {
        for (String page : List.of("/runs/" + webRun, "/runs/" + webRun + "/hosts/web01", "/reports/r1")) {
            String body = get(page, admin).body();
            assertThat(body).as(page).doesNotContain(XSS).contains("&lt;script&gt;alert(");
        }
    }

    @Test
    void runsListPagesNewestFirstWithAnOlderLink() {
        for (int i = 0; i < RunPages.PAGE + 5; i++) {
            finishedRun("@web", "web01", "n" + i);
        }
        String first = get("/runs", admin).body();
        List<String> firstIds = runIds(first);
        assertThat(firstIds).hasSize(RunPages.PAGE);
        Matcher next = Pattern.compile("rel=next href=\"(/runs\\?before=[^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        List<String> secondIds = runIds(get(next.group(1), admin).body());
        assertThat(secondIds).hasSize(7).doesNotContainAnyElementsOf(firstIds).contains(webRun, dbRun);
        // newest first: by creation time, then by id within one millisecond (ids are not creation order then)
        java.util.Map<String, Instant> created = new java.util.HashMap<>();
        firstIds.forEach(id -> created.put(id, fx.store.runs().get(id).orElseThrow().createdAt()));
        assertThat(firstIds).isSortedAccordingTo(java.util.Comparator.comparing((String id) -> created.get(id))
                .thenComparing(java.util.Comparator.naturalOrder()).reversed());
        // and back: the older page links to the newer one, which is the first page again
        String second = get(next.group(1), admin).body();
        Matcher newer = Pattern.compile("rel=prev href=\"(/runs\\?after=[^\"]+)\"").matcher(second);
        assertThat(newer.find()).as("a Newer link on an older page").isTrue();
        assertThat(runIds(get(newer.group(1).replace("&amp;", "&"), admin).body())).isEqualTo(firstIds);
        assertThat(first).doesNotContain("rel=prev");
    }

    @Test
    void runsShowFailureFirstWithExitCodesAndFilters() {
        String allFailed = failedRun("@db", List.of("db01"), List.of());
        String partial = failedRun("@web,@db", List.of("db01"), List.of("web01"));
        String runs = get("/runs", admin).body();
        assertThat(row(runs, allFailed)).contains("class=\"st badge failed\">failed<").contains("<td class=ex>1</td>")
                .contains("<code>echo hi</code>").doesNotContain("finished");
        assertThat(row(runs, partial)).contains("class=\"st badge partial\">partial<");
        assertThat(row(runs, webRun)).contains("class=\"st badge ok\">ok<").contains("<td class=ex>0</td>");
        assertThat(runIds(get("/runs?status=failed", admin).body())).containsExactly(allFailed);
        assertThat(runIds(get("/runs?status=partial", admin).body())).containsExactly(partial);
        assertThat(runIds(get("/runs?host=web01", admin).body())).containsExactlyInAnyOrder(partial, webRun);
        String none = get("/runs?from=2999-01-01T00%3A00", admin).body();
        assertThat(runIds(none)).isEmpty();
        assertThat(none).contains("No runs match these filters.").contains("value=\"2999-01-01T00:00\"");
        assertThat(get("/runs?from=someday", admin).body()).contains("role=alert").contains("from must be a time");
        // the staging viewer's filters never show another environment's run
        assertThat(runIds(get("/runs?host=db01", stagingViewer).body())).isEmpty();
    }

    @Test
    void aRunWithFailedHostsOffersBothReRunsToAnOperatorOnly() {
        String partial = failedRun("@web,@db", List.of("db01"), List.of("web01"));
        String page = get("/runs/" + partial, admin).body();
        assertThat(page).contains("id=rerun-failed>Re-run on failed hosts</button>").contains("id=rerun>Re-run</button>")
                .contains("name=confirm value=yes required");
        assertThat(get("/runs/" + webRun, admin).body()).contains("id=rerun>").doesNotContain("id=rerun-failed");
        String staging = failedRun("@web", List.of("web01"), List.of());
        assertThat(get("/runs/" + staging, stagingViewer).body()).doesNotContain("id=rerun");
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("_csrf", stagingViewer.session().csrf()));
        assertThat(post("/runs/" + staging + "/rerun-failed", stagingViewer, form).statusCode()).isEqualTo(403);
        assertThat(fx.store.audit().recent(5)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("run.rerun-failed");
            assertThat(e.result()).isEqualTo("denied");
        });
        form = new java.util.LinkedHashMap<>(Map.of("_csrf", admin.session().csrf()));
        HttpResponse<String> rerun = post("/runs/" + staging + "/rerun-failed", admin, form);
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(303);
        String id = rerun.headers().firstValue("Location").orElseThrow().substring("/runs/".length());
        assertThat(fx.store.runs().get(id).orElseThrow().record().selector()).isEqualTo("web01");
        assertThat(get("/runs/" + id, admin).body()).contains("Re-run of <a href=\"/runs/" + staging + "\"");
    }

    @Test
    void theAuditLogPageFiltersAndShowsEachViewerOnlyTheirEnvironments() {
        fx.store.audit().append("ana (session)", "run.start", "@db run prod-1", "ok", null, java.util.Set.of("prod"));
        fx.store.audit().append("ana (session)", "run.start", "@web run staging-1", "ok", null, java.util.Set.of("staging"));
        fx.store.audit().append("bob (token)", "run.cancel", "run staging-2", "denied", "403", java.util.Set.of("staging"));
        fx.store.audit().append("ana", "login", null, "ok", null, java.util.Set.of());
        String all = get("/audit", admin).body();
        assertThat(all).contains("prod-1").contains("staging-1").contains("staging-2").contains("<td>login</td>");
        assertThat(get("/audit?action=run.cancel", admin).body()).contains("staging-2").doesNotContain("staging-1");
        assertThat(get("/audit?actor=ANA&q=prod", admin).body()).contains("prod-1").doesNotContain("staging-1");
        assertThat(get("/audit?result=denied", admin).body()).contains("staging-2").doesNotContain("prod-1");
        assertThat(get("/audit?actor=nobody", admin).body()).contains("No entries match these filters.");
        String staging = get("/audit", stagingViewer).body();
        assertThat(staging).contains("staging-1").contains("staging-2").doesNotContain("prod-1")
                .doesNotContain("<td>login</td>");
        assertThat(staging).contains("<a href=\"/audit\" aria-current=page>Audit</a>");
    }

    @Test
    void inProcessHostsAnswerTheMetricsProbeSoTheHostPageDrawsNamedChartsWithAxes() throws Exception {
        // the same in-process hosts as muster demo: the probe is answered, so no host is down
        var sampler = new dev.muster.server.metrics.MetricSampler(fx.transport,
                dev.muster.core.exec.ExecutorOptions.defaults(), new MetricStore(fx.store, Clock.systemUTC()),
                Clock.systemUTC());
        sampler.sample(fx.inventory.hosts());
        Thread.sleep(1_100); // the hosts' clocks move, so CPU has a rate
        sampler.sample(fx.inventory.hosts());
        String fleet = get("/", admin).body();
        assertThat(fleet).contains(">down 0</a>").contains(">probe failed 0</a>");
        String host = get("/hosts/db01?range=1h", admin).body();
        assertThat(host).contains("role=img aria-label=\"CPU: latest ").contains("<text")
                .contains("<circle").contains("<a href=\"/hosts/db01?range=1h\" aria-current=true>1h</a>");
        assertThat(host).containsPattern("CPU: <b>\\d+%</b> now");
        assertThat(get("/hosts/web01?range=1h", stagingViewer).body()).contains("CPU: <b>");
    }

    @Test
    void aChartWithNoSamplesInItsRangeSaysSo() {
        assertThat(Charts.line("CPU", "%", List.of(), MetricSample::cpuPercent, 100)).contains("No data in this range.")
                .doesNotContain("<svg");
        String one = Charts.line("Load", "", List.of(sample("x", Instant.parse("2026-11-27T10:00:00Z"), 5)),
                MetricSample::load1, 0);
        assertThat(one).contains("Load: <b>0.50</b> now").contains("the line needs two");
    }

    @Test
    void schedulesReadAsWordsNotMapsAndEmptyTablesSaySo() {
        assertThat(get("/schedules", admin).body()).contains("No schedules you may see");
        assertThat(get("/approvals", admin).body()).contains("Nothing waits for approval.");
        fx.store.schedules().save(dev.muster.server.schedule.Schedule.of("nightly", "0 2 * * *", null,
                Map.of("selector", "@web", "command", "uptime"), dev.muster.server.schedule.MisfirePolicy.RUN_ONCE,
                dev.muster.server.schedule.OverlapPolicy.FORBID));
        String page = get("/schedules", admin).body();
        assertThat(page).contains("<code>uptime</code> on <code>@web</code>").doesNotContain("{selector=")
                .doesNotContain("command=uptime");
        String host = get("/hosts/web01", admin).body();
        String facts = host.substring(host.indexOf("<table id=facts>"), host.indexOf("</table>", host.indexOf("id=facts")));
        assertThat(facts).doesNotContain("{").doesNotContain("}");
    }

    @Test
    void anAdminCreatesEditsPausesAndDeletesASchedulesFromTheBrowserAuditedAndAStagingViewerCannot() {
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("_csrf", admin.session().csrf(), "name", "db-uptime",
                "cron", "0 3 * * *", "selector", "@db", "command", "uptime", "misfire", "skip"));
        HttpResponse<String> created = post("/schedules", admin, form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        var s = fx.store.schedules().get("db-uptime").orElseThrow();
        assertThat(s.cron().expression()).isEqualTo("0 3 * * *");
        assertThat(s.enabled()).isTrue();
        String edit = get("/schedules?edit=db-uptime", admin).body();
        assertThat(edit).contains("value=\"0 3 * * *\"").contains("value=\"uptime\"").contains("<option selected>skip</option>");
        form.put("cron", "30 4 * * 1");
        assertThat(post("/schedules", admin, form).statusCode()).isEqualTo(303);
        assertThat(fx.store.schedules().get("db-uptime").orElseThrow().cron().expression()).isEqualTo("30 4 * * 1");
        Map<String, String> csrf = Map.of("_csrf", admin.session().csrf());
        assertThat(post("/schedules/db-uptime/pause", admin, csrf).statusCode()).isEqualTo(303);
        assertThat(fx.store.schedules().get("db-uptime").orElseThrow().enabled()).isFalse();
        assertThat(get("/schedules", admin).body()).contains("class=cancelled>paused").contains(">Resume</button>");
        assertThat(post("/schedules/db-uptime/resume", admin, csrf).statusCode()).isEqualTo(303);
        assertThat(fx.store.schedules().get("db-uptime").orElseThrow().enabled()).isTrue();
        // a bad cron comes back on the form with the reason, nothing stored
        form.put("cron", "61 * * * *");
        HttpResponse<String> bad = post("/schedules", admin, form);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("role=alert").contains("value=\"61 * * * *\"");
        assertThat(fx.store.schedules().get("db-uptime").orElseThrow().cron().expression()).isEqualTo("30 4 * * 1");
        // the staging viewer sees neither the prod schedule nor a form, and may not change it
        assertThat(get("/schedules", stagingViewer).body()).doesNotContain("db-uptime").doesNotContain("id=schedule-form");
        assertThat(post("/schedules/db-uptime/delete", stagingViewer, Map.of("_csrf", stagingViewer.session().csrf()))
                .statusCode()).isEqualTo(403);
        assertThat(post("/schedules/db-uptime/delete", admin, csrf).statusCode()).isEqualTo(303);
        assertThat(fx.store.schedules().get("db-uptime")).isEmpty();
        assertThat(fx.store.audit().recent(20)).extracting(e -> e.action() + " " + e.result())
                .contains("schedule.save ok", "schedule.pause ok", "schedule.resume ok", "schedule.save rejected",
                        "schedule.delete denied", "schedule.delete ok");
    }

    /** A finished run where {@code failed} hosts failed (exit 1) and {@code ok} hosts succeeded. */
    private String failedRun(String selector, List<String> failed, List<String> ok) {
        String id = fx.store.runs().newId();
        List<String> all = new ArrayList<>(ok);
        all.addAll(failed);
        fx.store.runs().begin(new RunRecord(id, "run", selector, "echo hi", String.join(",", all), Instant.now(), null,
                null, List.of(), null, Map.of("selector", selector, "command", "echo hi"), Map.of()));
        for (String h : ok) {
            fx.store.runs().outcome(id, new Outcome(h, Status.OK, null, 0, null, "hi\n", "", "", 1, 12, Instant.now()));
        }
        for (String h : failed) {
            fx.store.runs().outcome(id, new Outcome(h, Status.FAILED, null, 1, null, "", "no\n", "exit 1", 1, 12,
                    Instant.now()));
        }
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        if (!ok.isEmpty()) {
            counts.put("ok", ok.size());
        }
        counts.put("failed", failed.size());
        fx.store.runs().finish(id, 1, counts);
        return id;
    }

    private static String row(String html, String runId) {
        int at = html.indexOf("<tr data-run=\"" + runId + "\"");
        assertThat(at).as("a row for " + runId).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    private static List<String> runIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr data-run=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void aBrowserGetsErrorPagesInHtmlAndTheApiKeepsJson() {
        HttpRequest.Builder page = HttpRequest.newBuilder(URI.create(fx.server.url() + "/hosts/db01"))
                .header("Cookie", "muster_session=" + stagingViewer.cookie()).header("Accept", "text/html,*/*");
        HttpResponse<String> forbidden = send(page.GET().build());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(forbidden.body()).contains("<h1>403 Forbidden</h1>").contains("Back to the fleet");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/no/%3Csuch%3E"))
                .header("Cookie", "muster_session=" + stagingViewer.cookie()).header("Accept", "text/html").GET().build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<h1>404 Not found</h1>").doesNotContain("<such>");
        HttpResponse<String> api = send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/api/v1/nothing"))
                .header("Cookie", "muster_session=" + stagingViewer.cookie()).header("Accept", "text/html").GET().build());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).startsWith("{");
    }

    @Test
    void aViewerOfStagingSeesStagingOnly() {
        assertThat(get("/hosts/web01", stagingViewer).statusCode()).isEqualTo(200);
        assertThat(get("/runs/" + webRun, stagingViewer).statusCode()).isEqualTo(200);
        assertThat(get("/hosts/db01", stagingViewer).statusCode()).isEqualTo(403);
        assertThat(get("/runs/" + dbRun, stagingViewer).statusCode()).isEqualTo(403);
        assertThat(get("/runs/" + dbRun + "/hosts/db01", stagingViewer).statusCode()).isEqualTo(403);
        String runs = get("/runs", stagingViewer).body();
        assertThat(runs).contains(webRun).doesNotContain(dbRun).doesNotContain("id=start");
        assertThat(get("/", stagingViewer).body()).contains("/hosts/web01").doesNotContain("/hosts/db01");
    }

    @Test
    void theRunFormNeedsTheSessionsCsrfTokenAndQueuesARealRun() throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("selector", "@web", "command", "echo form"));
        assertThat(post("/runs", admin, form).statusCode()).isEqualTo(403);
        form.put("_csrf", "wrong");
        assertThat(post("/runs", admin, form).statusCode()).isEqualTo(403);
        form.put("_csrf", admin.session().csrf());
        HttpResponse<String> ok = post("/runs", admin, form);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        String id = ok.headers().firstValue("Location").orElseThrow().substring("/runs/".length());
        for (int i = 0; i < 400 && fx.store.runs().get(id).orElseThrow().status().active(); i++) {
            Thread.sleep(25);
        }
        assertThat(fx.store.runs().get(id).orElseThrow().record().exitCode()).isZero();
        assertThat(get("/runs/" + id, admin).body()).contains("echo form").contains("web01 (1): ok");
        assertThat(fx.store.audit().recent(5)).anySatisfy(e -> assertThat(e.action()).isEqualTo("run.start"));
    }

    @Test
    void theRunFormRefusesAViewerAndAProtectedEnvironmentWithoutConfirmation() {
        Map<String, String> form = Map.of("selector", "@web", "command", "echo no", "_csrf",
                stagingViewer.session().csrf());
        assertThat(post("/runs", stagingViewer, form).statusCode()).isEqualTo(403);
        HttpResponse<String> prod = post("/runs", admin, Map.of("selector", "@db", "command", "echo no", "_csrf",
                admin.session().csrf()));
        assertThat(prod.statusCode()).isEqualTo(409);
        assertThat(prod.body()).contains("protected environment prod");
    }

    @Test
    void aRunWaitingForApprovalIsListedAndApprovedThroughItsForm() {
        String id = fx.store.runs().newId();
        fx.store.runs().begin(new RunRecord(id, "plan", "@web", null, "web01", Instant.now(), null, null, List.of(),
                null, Map.of(), Map.of()));
        fx.store.runs().requestApproval(id, "step-1", "ship " + XSS + "?");
        String approvals = get("/approvals", admin).body();
        assertThat(approvals).contains(id).contains("ship &lt;script&gt;").contains("/runs/" + id + "/approve");
        assertThat(get("/runs/" + id, admin).body()).contains("id=approve").contains("id=cancel");
        assertThat(post("/runs/" + id + "/approve", admin, Map.of()).statusCode()).isEqualTo(403);
        HttpResponse<String> ok = post("/runs/" + id + "/approve", admin, Map.of("_csrf", admin.session().csrf()));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(fx.store.runs().approved(id, "step-1")).isTrue();
        assertThat(get("/approvals", admin).body()).doesNotContain(id);
    }

    @Test
    void listQueriesAreBounded() {
        // Pages never read a whole table: every list query the dashboard adds is limited.
        assertThat(List.of(RunQueries.HOST_RUNS, RunQueries.WAITING)).allSatisfy(sql -> assertThat(sql).contains("LIMIT ?"));
        assertThat(RunQueries.HEADS).contains("SUBSTR(o.chunk, 1, ?)").contains("o.seq = 0");
        assertThat(RunPages.PAGE).isLessThanOrEqualTo(100);
        assertThat(ListPages.PAGE).isLessThanOrEqualTo(100);
        assertThat(FleetPage.PAGE).isLessThanOrEqualTo(500);
    }

    private static String between(String page, String from, String to) {
        int start = page.indexOf(from);
        assertThat(start).as(from + " in the page").isNotNegative();
        return page.substring(start, page.indexOf(to, start));
    }

    @Test
    void theFleetPageSearchesAndFiltersHostsListsThemWithTheirLastRunAndItsHealthCountsAreFilterLinks() {
        String all = get("/", admin).body();
        // the heat map names its hosts; the list has each host's facts, state, use and last run
        assertThat(between(all, "id=heat", "</div>")).contains("<span>web01</span>").contains("<span>db01</span>");
        String web = between(all, "<td><a href=\"/hosts/web01\">", "</tr>");
        assertThat(web).contains("<td>staging</td>").contains("<td>all, web</td>").contains("env=staging").contains(">failing<").contains("95%")
                .contains("/runs/" + webRun);
        assertThat(between(all, "<td><a href=\"/hosts/db01\">", "</tr>")).contains("<td>prod</td>").contains(">up<")
                .contains("/runs/" + dbRun);
        // health counts are links that filter (and, when chosen, un-filter)
        assertThat(all).contains("<a class=failing href=\"/?state=failing\">failing 1</a>")
                .contains("<a class=up href=\"/?state=up\">up 1</a>");
        String failing = get("/?state=failing", admin).body();
        assertThat(failing).contains("/hosts/web01").doesNotContain("/hosts/db01").contains("1 of 2 hosts match")
                .contains("<a class=failing href=\"/\" aria-current=true>failing 1</a>");
        // search, environment and group; the form keeps what was typed (escaped)
        String search = get("/?q=DB", admin).body();
        assertThat(search).contains("/hosts/db01").doesNotContain("/hosts/web01").contains("value=\"DB\"");
        assertThat(get("/?env=staging", admin).body()).contains("/hosts/web01").doesNotContain("/hosts/db01");
        assertThat(get("/?group=db", admin).body()).contains("/hosts/db01").doesNotContain("/hosts/web01")
                .contains("<option selected value=\"db\">");
        assertThat(get("/?q=" + URLEncoder.encode(XSS, StandardCharsets.UTF_8), admin).body()).doesNotContain(XSS)
                .contains("No host matches.");
        // counts and filters cover only what the viewer may see
        String staging = get("/?q=01", stagingViewer).body();
        assertThat(staging).contains("/hosts/web01").doesNotContain("db01").contains("1 of 1 hosts match")
                .doesNotContain("value=\"prod\"");
    }

    @Test
    void aWaitingPlanIsApprovedWithANoteOrDeniedFromTheApprovalsPageAudited() throws Exception {
        String token = fx.token("ana", "admin", "*");
        String first = applyApprovePlan(token);
        String page = get("/approvals", admin).body();
        assertThat(page).contains("name=note").contains("/runs/" + first + "/deny");
        assertThat(get("/approvals", stagingViewer).body()).contains(first).doesNotContain("name=note");
        HttpResponse<String> viewerTry = post("/runs/" + first + "/approve", stagingViewer,
                Map.of("_csrf", stagingViewer.session().csrf(), "note", "me too"));
        assertThat(viewerTry.statusCode()).isEqualTo(403);
        HttpResponse<String> approved = post("/runs/" + first + "/approve", admin, Map.of("_csrf",
                admin.session().csrf(), "note", "canary fine", "back", "/approvals"));
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location")).contains("/approvals");
        assertThat(fx.awaitEnd(first, token).path("exitCode").asInt()).isZero();

        String second = applyApprovePlan(token);
        HttpResponse<String> bare = post("/runs/" + second + "/deny", admin, Map.of("_csrf", admin.session().csrf()));
        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body()).contains("needs a note");
        assertThat(post("/runs/" + second + "/deny", admin, Map.of("_csrf", admin.session().csrf(), "note",
                "freeze week")).statusCode()).isEqualTo(303);
        assertThat(fx.awaitEnd(second, token).path("status").asText()).isEqualTo("cancelled");
        assertThat(get("/approvals", admin).body()).doesNotContain(first).doesNotContain(second);
        String audit = get("/audit?action=run.deny", admin).body();
        assertThat(audit).contains("note: freeze week").contains("rejected");
        assertThat(get("/audit?action=run.approve", admin).body()).contains("note: canary fine").contains("denied");
    }

    private String applyApprovePlan(String token) throws InterruptedException {
        HttpResponse<String> r = fx.call("POST", "/api/v1/plans/apply", token, "{\"plan\":\"approve.yaml\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = fx.json(r).path("id").asText();
        for (int i = 0; i < 500 && fx.store.runs().pendingApproval(id).isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(fx.store.runs().pendingApproval(id)).isPresent();
        return id;
    }

    @Test
    void anAdminIssuesATokenWhoseSecretIsShownOnceOnlyAndRevokesIt() {
        assertThat(get("/tokens", admin).body()).contains("No tokens you administer.");
        assertThat(get("/tokens", stagingViewer).statusCode()).isEqualTo(403);
        assertThat(get("/runs", admin).body()).contains("href=\"/tokens\"").contains("href=\"/users\"");
        assertThat(get("/runs", stagingViewer).body()).doesNotContain("href=\"/tokens\"").doesNotContain("href=\"/users\"");
        HttpResponse<String> made = post("/tokens", admin, Map.of("_csrf", admin.session().csrf(), "name", "ci deploys",
                "role", "operator", "environment", "staging"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.headers().firstValue("Cache-Control")).contains("no-store");
        Matcher m = Pattern.compile("<code id=secret>([^<]+)</code>").matcher(made.body());
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        // the token works, as an operator of staging only
        assertThat(fx.call("GET", "/api/v1/runs", secret, null).statusCode()).isEqualTo(200);
        assertThat(fx.call("GET", "/api/v1/hosts/db01/metrics", secret, null).statusCode()).isEqualTo(403);
        // never shown again, never in the audit log
        String list = get("/tokens", admin).body();
        assertThat(list).contains("ci deploys").contains("staging=operator").doesNotContain(secret);
        assertThat(fx.store.audit().recent(20)).allSatisfy(e -> assertThat(e.targets() + " " + e.detail())
                .doesNotContain(secret));
        assertThat(fx.store.audit().recent(20)).extracting(e -> e.action() + " " + e.result()).contains("token.create ok");
        String id = fx.store.tokens().list().stream().filter(t -> t.name().equals("ci deploys")).findFirst().orElseThrow()
                .id();
        assertThat(post("/tokens/" + id + "/revoke", admin, Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(post("/tokens/" + id + "/revoke", admin, Map.of("_csrf", admin.session().csrf())).statusCode())
                .isEqualTo(303);
        assertThat(fx.call("GET", "/api/v1/runs", secret, null).statusCode()).isEqualTo(401);
        assertThat(get("/tokens", admin).body()).contains("revoked");
        assertThat(fx.store.audit().recent(5)).extracting(e -> e.action() + " " + e.result()).contains("token.revoke ok");
    }

    @Test
    void aStagingAdminIssuesTokensForStagingOnlyAndSeesNoOthers() {
        fx.store.grants().grant("sue", "staging", "admin");
        Sessions.Opened sue = fx.store.sessions().open("sue", Duration.ofHours(1));
        fx.store.tokens().issue("prod-reader", "x", null, Map.of("prod", "viewer"));
        String page = get("/tokens", sue).body();
        assertThat(page).doesNotContain("prod-reader").contains("<option value=\"staging\">")
                .doesNotContain("<option value=\"prod\">");
        HttpResponse<String> refused = post("/tokens", sue, Map.of("_csrf", sue.session().csrf(), "name", "sneaky",
                "role", "admin", "environment", "prod"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs role admin in prod");
        assertThat(fx.store.tokens().list()).noneSatisfy(t -> assertThat(t.name()).isEqualTo("sneaky"));
        assertThat(get("/users", sue).statusCode()).as("users need admin everywhere").isEqualTo(403);
    }

    @Test
    void anAdminOfEveryEnvironmentCreatesAUserGrantsAndRevokesARole() {
        String secret = "a long password 1";
        HttpResponse<String> made = post("/users", admin, Map.of("_csrf", admin.session().csrf(), "name", "zoe",
                "password", secret));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        assertThat(fx.store.users().verify("zoe", secret.toCharArray())).isTrue();
        assertThat(post("/users", admin, Map.of("_csrf", admin.session().csrf(), "name", "zed", "password", "short"))
                .body()).contains("at least 8 characters");
        assertThat(post("/users/grant", admin, Map.of("_csrf", admin.session().csrf(), "subject", "zoe",
                "environment", "staging", "role", "operator")).statusCode()).isEqualTo(303);
        String page = get("/users", admin).body();
        assertThat(between(page, "<tr data-user=\"zoe\">", "</tr>")).contains("staging=operator");
        assertThat(page).doesNotContain(secret);
        assertThat(post("/users/revoke", admin, Map.of("_csrf", admin.session().csrf(), "subject", "zoe",
                "environment", "staging")).statusCode()).isEqualTo(303);
        assertThat(fx.store.grants().of("zoe")).isEmpty();
        assertThat(fx.store.audit().recent(10)).extracting(e -> e.action() + " " + e.result())
                .contains("user.save ok", "user.save rejected", "grant.save ok", "grant.revoke ok");
        assertThat(fx.store.audit().recent(10)).allSatisfy(e -> assertThat(e.targets() + " " + e.detail())
                .doesNotContain(secret));
        assertThat(get("/users", stagingViewer).statusCode()).isEqualTo(403);
    }

    @Test
    void schedulesShowTheirNextFiringAndTheirLastRun() {
        var s = dev.muster.server.schedule.Schedule.of("nightly", "0 2 * * *", "UTC", Map.of("selector", "@web",
                "command", "uptime"), dev.muster.server.schedule.MisfirePolicy.RUN_ONCE,
                dev.muster.server.schedule.OverlapPolicy.FORBID);
        fx.store.schedules().save(s);
        Instant next = s.cron().next(Instant.now()).orElseThrow();
        String row = between(get("/schedules", admin).body(), "<tr data-schedule=\"nightly\">", "</tr>");
        assertThat(row).contains("<td class=next>" + next + "</td>").contains("never fired");
        var fired = fx.store.schedules().record(s, next.minus(Duration.ofDays(1)), Instant.now(), "test", false)
                .orElseThrow();
        row = between(get("/schedules", admin).body(), "<tr data-schedule=\"nightly\">", "</tr>");
        assertThat(row).contains("href=\"/runs/" + fired.runId() + "\"");
        fx.store.schedules().save(s.disabled());
        row = between(get("/schedules", admin).body(), "<tr data-schedule=\"nightly\">", "</tr>");
        assertThat(row).contains("<td class=next>–</td>").contains("paused");
    }

    @Test
    void theAuditLogFiltersByEnvironmentAndTime() {
        fx.store.audit().append("ana", "run.start", "staging-thing", "ok", null, java.util.Set.of("staging"));
        fx.store.audit().append("ana", "run.start", "prod-thing", "ok", null, java.util.Set.of("prod"));
        String staging = get("/audit?env=staging", admin).body();
        assertThat(staging).contains("staging-thing").doesNotContain("prod-thing");
        assertThat(get("/audit?env=PROD", admin).body()).contains("prod-thing").doesNotContain("staging-thing");
        assertThat(get("/audit?from=2999-01-01", admin).body()).doesNotContain("staging-thing")
                .contains("No entries match these filters");
        assertThat(get("/audit?to=2999-01-01&env=prod", admin).body()).contains("prod-thing");
        assertThat(get("/audit?to=2000-01-01", admin).body()).doesNotContain("prod-thing");
        assertThat(get("/audit?from=yesterday", admin).statusCode()).isEqualTo(400);
    }
}
